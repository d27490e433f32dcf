// The learner's terminal page, /terminal/{sandboxId}: the same protocol a frontend uses (README, "Browser terminal").
// Credentials: a bearer token passed by the frontend after "#token=" (a fragment never reaches a server or its logs,
// and is removed from the address bar at once), or, where the service has its development login on, the dev users'
// name and password (HTTP Basic). Either is kept in this page's memory only, for asking tickets.
(() => {
  "use strict";

  const sandboxId = decodeURIComponent(location.pathname.substring(location.pathname.lastIndexOf("/") + 1));
  const mode = new URLSearchParams(location.search).get("mode") === "watch" ? "watch" : "interactive";
  const statusLine = document.getElementById("status");
  const login = document.getElementById("login");
  const reconnect = document.getElementById("reconnect");
  const screen = document.getElementById("terminal");
  const encoder = new TextEncoder();

  // What a close code means, for the codes the service uses (its reason is shown beside, as it is).
  const CLOSED = {
    1000: "The shell ended.",
    1006: "The connection to the service was lost.",
    1011: "The service could not run the terminal.",
    4400: "The terminal was asked for wrongly.",
    4401: "The ticket was refused (used or expired).",
    4403: "Not allowed.",
    4404: "No such sandbox of yours.",
    4408: "Closed after a long time without use.",
    4409: "The sandbox is not usable any more.",
    4429: "Too many terminals open.",
  };

  let authorization = null;
  let terminal = null;
  let fit = null;

  function show(text, closed) {
    statusLine.textContent = text;
    document.body.classList.toggle("closed", Boolean(closed));
  }

  function base64(text) {
    return btoa(String.fromCharCode(...encoder.encode(text)));
  }

  async function problemOf(answer) {
    try {
      const problem = await answer.json();
      return problem.detail || problem.title || `HTTP ${answer.status}`;
    } catch (notJson) {
      return `HTTP ${answer.status}`;
    }
  }

  function ensureTerminal() {
    if (terminal) {
      return;
    }
    terminal = new Terminal({ cursorBlink: true, scrollback: 5000 });
    fit = new FitAddon.FitAddon();
    terminal.loadAddon(fit);
    terminal.open(screen);
    fit.fit();
    // A window being dragged fires resize events in bursts: fit once per frame at most.
    let pending = false;
    window.addEventListener("resize", () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => { pending = false; fit.fit(); });
      }
    });
  }

  async function open() {
    reconnect.hidden = true;
    show(`Asking for a ticket for ${sandboxId}…`);
    const answer = await fetch(`/api/v1/sandboxes/${encodeURIComponent(sandboxId)}/terminal-tickets`,
        { method: "POST", headers: { Authorization: authorization }, credentials: "omit", cache: "no-store" });
    if (!answer.ok) {
      show(`Cannot open the terminal: ${await problemOf(answer)}`, true);
      if (answer.status === 401 && !login.hidden) {
        authorization = null;
      } else {
        reconnect.hidden = false;
      }
      return;
    }
    const { path } = await answer.json();
    login.hidden = true;
    ensureTerminal();
    connect(path + (mode === "watch" ? "&mode=watch" : ""));
  }

  function connect(path) {
    const socket = new WebSocket(location.origin.replace(/^http/, "ws") + path);
    socket.binaryType = "arraybuffer";
    let sent = { columns: 0, rows: 0 };
    const resize = () => {
      if (socket.readyState === WebSocket.OPEN && (sent.columns !== terminal.cols || sent.rows !== terminal.rows)) {
        sent = { columns: terminal.cols, rows: terminal.rows };
        socket.send(JSON.stringify({ type: "resize", ...sent }));
      }
    };
    const typed = terminal.onData((data) => socket.readyState === WebSocket.OPEN && socket.send(encoder.encode(data)));
    const resized = terminal.onResize(resize);
    socket.onopen = () => {
      show(mode === "watch" ? `Watching ${sandboxId} (read-only)` : `Connected to ${sandboxId}`);
      terminal.options.disableStdin = false;
      resize();
      terminal.focus();
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== "string") {
        terminal.write(new Uint8Array(event.data));
        return;
      }
      const message = JSON.parse(event.data);
      if (message.type === "error") {
        show(`The service says: ${message.message}`);
      }
    };
    socket.onclose = (event) => {
      typed.dispose();
      resized.dispose();
      terminal.options.disableStdin = true;
      const meaning = CLOSED[event.code] || "The terminal closed.";
      const text = event.reason ? `${meaning} ${event.reason}` : meaning;
      show(`${text} (${event.code})`, true);
      terminal.write(`\r\n\x1b[1;33m[${text.replace(/[\x00-\x1f\x7f]/g, " ")}]\x1b[0m\r\n`);
      reconnect.hidden = false;
    };
  }

  function failed(error) {
    show(`Cannot open the terminal: ${error.message}`, true);
    reconnect.hidden = false;
  }

  async function askForLogin() {
    let devLogin = false;
    try {
      const answer = await fetch("/api/v1/cli", { credentials: "omit" });
      devLogin = answer.ok && (await answer.json()).devLogin === true;
    } catch (unreachable) {
      show("The service does not answer.", true);
      return;
    }
    if (!devLogin) {
      show("Open this page from your training platform: it passes your login to it.", true);
      return;
    }
    show("Log in to open the terminal.");
    login.hidden = false;
    document.getElementById("user").focus();
  }

  login.addEventListener("submit", (event) => {
    event.preventDefault();
    const user = document.getElementById("user").value;
    const password = document.getElementById("password").value;
    authorization = "Basic " + base64(`${user}:${password}`);
    open().catch(failed);
  });
  reconnect.addEventListener("click", () => (authorization ? open().catch(failed) : askForLogin()));

  const fragment = new URLSearchParams(location.hash.substring(1));
  if (location.hash) {
    history.replaceState(null, "", location.pathname + location.search);
  }
  if (fragment.get("token")) {
    authorization = "Bearer " + fragment.get("token");
    open().catch(failed);
  } else {
    askForLogin();
  }
})();
