// The words a listen error needs, shared by the one-process server and the HTTP worker processes.

/**
 * A listen error with what to do about it: the port is taken (a second `run`, or `npm run demo`
 * beside `npm start`, both on 8080) or needs privileges. The setting is named, since the socket
 * error knows only the address.
 */
export function listenProblem(message: string): string {
  if (/EADDRINUSE/.test(message)) return `${message} (another process listens there: stop it, or set server.port or FEEDMERGE_PORT)`;
  if (/EACCES/.test(message)) return `${message} (ports below 1024 need privileges: use a higher server.port behind a proxy)`;
  return message;
}
