// The fast path for the requests feed readers make all day: a plain HTTP/1.1 GET or HEAD of a
// published document, answered from prepared bytes straight on the socket. node:http costs
// ~40 µs of CPU per request here before a byte is written (request and response objects, streams,
// header validation); this path costs a fraction of that, which is what lets feedmerge serve at
// nginx's pace (BENCHMARKS.md, "Publish: serving merged feeds").
//
// It answers only what it can parse without doubt. Anything else (another method or version, a
// body, a header it does not expect twice, an unknown path, a head over 8 KiB) hands the
// connection, with every byte not yet consumed, to node:http, which answers it and every later
// request on that connection. So the responses for documents are the same either way (both come
// from document-responses.ts), and all error handling stays with node:http.
import type { Socket } from 'node:net';
import type { DocumentResponder, PreparedResponse, RequestConditions } from './document-responses.js';
import type { Publication } from './render-publication.js';

export interface SimpleRequest {
  head: boolean;
  /** The path without query. */
  path: string;
  conditions: RequestConditions;
  /** The client asked to close the connection after this response. */
  close: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');
// The largest request head this path reads; node:http answers bigger ones (with 431 past its own limit).
export const MAX_SIMPLE_HEAD = 8192;
// Visible ASCII only in the target: anything else is left to node:http's parser.
const REQUEST_LINE = /^(GET|HEAD) (\/[!-~]*) HTTP\/1\.1$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Controls other than tab, including a CR or LF left inside a line (lines split on CRLF only).
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const OWS = /^[ \t]+|[ \t]+$/g;

/**
 * Reads a request head (without the blank line) that the fast path may answer, or null when
 * node:http must: only GET/HEAD, HTTP/1.1, exactly one Host, no body (Content-Length,
 * Transfer-Encoding), no Expect or Upgrade, no repeated conditional or Accept-Encoding header,
 * no obsolete line folding, no control characters.
 */
export function parseSimpleRequest(head: string): SimpleRequest | null {
  const lines = head.split('\r\n');
  const requestLine = REQUEST_LINE.exec(lines[0]!);
  if (!requestLine) return null;
  let hosts = 0;
  let close = false;
  const conditions: RequestConditions = { ifNoneMatch: undefined, ifModifiedSince: undefined, acceptEncoding: undefined };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0 || CONTROL.test(line)) return null;
    const name = line.slice(0, colon);
    // A name with spaces, or a line starting with one (obsolete folding), is not a plain header.
    if (!TOKEN.test(name)) return null;
    const value = line.slice(colon + 1).replace(OWS, '');
    switch (name.toLowerCase()) {
      case 'host':
        hosts++;
        break;
      case 'if-none-match':
        if (conditions.ifNoneMatch !== undefined) return null;
        conditions.ifNoneMatch = value;
        break;
      case 'if-modified-since':
        if (conditions.ifModifiedSince !== undefined) return null;
        conditions.ifModifiedSince = value;
        break;
      case 'accept-encoding':
        if (conditions.acceptEncoding !== undefined) return null;
        conditions.acceptEncoding = value;
        break;
      case 'connection':
        for (const option of value.toLowerCase().split(',')) {
          const token = option.replace(OWS, '');
          if (token === 'close') close = true;
          else if (token !== 'keep-alive' && token !== '') return null;
        }
        break;
      case 'content-length':
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
        return null;
    }
  }
  if (hosts !== 1) return null;
  const target = requestLine[2]!;
  const query = target.indexOf('?');
  return { head: requestLine[1] === 'HEAD', path: query === -1 ? target : target.slice(0, query), conditions, close };
}

// RFC 9110 §6.6.1: an origin server with a clock sends Date. It changes once a second, so the
// last header lines are built once a second.
let tailSecond = -1;
let tails = { keepAlive: Buffer.alloc(0), close: Buffer.alloc(0) };
function headTail(close: boolean): Buffer {
  const second = Math.floor(Date.now() / 1000);
  if (second !== tailSecond) {
    const date = new Date(second * 1000).toUTCString();
    tails = { keepAlive: Buffer.from(`date: ${date}\r\n\r\n`), close: Buffer.from(`date: ${date}\r\nconnection: close\r\n\r\n`) };
    tailSecond = second;
  }
  return close ? tails.close : tails.keepAlive;
}

export interface FastPathOptions {
  responder: DocumentResponder;
  getPublication: () => Publication;
  /** Takes over a connection this path does not answer; `unread` are the bytes it has not consumed. */
  handOff(socket: Socket, unread: Buffer): void;
  /** Idle time after which a connection is closed (between requests, or while a head arrives). */
  idleTimeoutMs: number;
}

/** Serves a new connection: documents directly, everything else through `handOff`. */
export function serveConnection(socket: Socket, options: FastPathOptions): void {
  let buffered: Buffer | null = null;
  let waitingForDrain = false;
  let done = false;

  const onTimeout = (): void => {
    socket.destroy();
  };
  const onError = (): void => {
    socket.destroy();
  };
  const detach = (): void => {
    done = true;
    socket.removeListener('data', onData);
    socket.removeListener('timeout', onTimeout);
    socket.removeListener('error', onError);
    socket.setTimeout(0);
  };
  const handOff = (): void => {
    const unread = buffered ?? Buffer.alloc(0);
    buffered = null;
    detach();
    options.handOff(socket, unread);
  };
  const send = (response: PreparedResponse, head: boolean, close: boolean): void => {
    // One writev for head and body: the body is never copied.
    socket.cork();
    socket.write(response.rawHead);
    socket.write(headTail(close));
    if (!head && response.body.length > 0) socket.write(response.body);
    socket.uncork();
  };
  const answer = (): void => {
    while (buffered !== null && !waitingForDrain && !done) {
      const end = buffered.indexOf(HEAD_END);
      if (end === -1) {
        if (buffered.length > MAX_SIMPLE_HEAD) handOff();
        return;
      }
      const request = end <= MAX_SIMPLE_HEAD ? parseSimpleRequest(buffered.toString('latin1', 0, end)) : null;
      let response: PreparedResponse | null = null;
      try {
        response = request && options.responder.respond(options.getPublication(), request.path, request.conditions);
      } catch {
        // No publication to serve (the first render failed): node:http answers, with a 500.
      }
      if (!request || !response) {
        handOff();
        return;
      }
      buffered = end + 4 < buffered.length ? buffered.subarray(end + 4) : null;
      send(response, request.head, request.close);
      if (request.close) {
        detach();
        socket.end();
        return;
      }
      // A client that pipelines faster than it reads is not read from until it caught up.
      if (socket.writableNeedDrain) {
        waitingForDrain = true;
        socket.pause();
        socket.once('drain', () => {
          waitingForDrain = false;
          socket.resume();
          answer();
        });
      }
    }
  };
  function onData(chunk: Buffer): void {
    buffered = buffered === null ? chunk : Buffer.concat([buffered, chunk]);
    answer();
  }

  socket.setTimeout(options.idleTimeoutMs);
  socket.on('timeout', onTimeout);
  socket.on('error', onError);
  socket.on('data', onData);
}
