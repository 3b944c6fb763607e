// What the server tells a window of `interviewer serve`, shown on the page.
//
// textual.js (textual-serve's terminal) ignores the text frames it does not know. Loaded before
// it, this watches the websocket textual.js opens: a ["notice", text] frame is shown above the
// terminal for a while (something the window sent was refused; the interview goes on), and a
// close with a reason (code 4000) puts the reason in place of the "window is closed" notice.
"use strict";
(() => {
  const NOTICE_SECONDS = 12;
  const Native = window.WebSocket;
  let timer = 0;

  function notice(text) {
    const box = document.getElementById("notice");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(() => { box.hidden = true; }, NOTICE_SECONDS * 1000);
  }

  function read(event) {
    if (typeof event.data !== "string") return;
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    if (Array.isArray(message) && message[0] === "notice" && typeof message[1] === "string") {
      notice(message[1]);
    }
  }

  function closed(event) {
    if (event.code === 4000 && event.reason) {
      document.getElementById("closed-reason").textContent = event.reason;
    }
  }

  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("message", read);
      this.addEventListener("close", closed);
    }
  };
})();
