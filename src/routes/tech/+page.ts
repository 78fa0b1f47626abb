// The tablet screen lives on its socket: render in the browser only (no socket, no timers on the server).
export const ssr = false;
