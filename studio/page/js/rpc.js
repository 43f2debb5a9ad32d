// The page's one way to the server: JSON-RPC 2.0 over a WebSocket at /rpc (answers, $/progress
// and watch notifications), or over POST /rpc while the socket is not open. Every request carries
// the session token. Integers beyond 2^53 arrive and leave as BigInt, exactly.

export class RpcError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.data = error.data ?? null;
    this.kind = error.data?.kind ?? (error.code === -32602 ? "invalid_params" : "error");
  }
}

// JSON.parse with exact big integers (the reviver sees each number's source text).
export function parseJSON(text) {
  return JSON.parse(text, (key, value, context) => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
      return BigInt(context.source);
    }
    return value;
  });
}

export function toJSON(value, space) {
  return JSON.stringify(value, (key, item) => (typeof item === "bigint" ? JSON.rawJSON(item.toString()) : item), space);
}

export class Rpc {
  constructor(token) {
    this.token = token;
    this.nextId = 1;
    this.pending = new Map();
    this.progress = new Map();
    this.listeners = new Map();
    this.socket = null;
    this.state = "connecting";
    this.onState = () => {};
    this.retryMs = 500;
    this.closed = false;
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/rpc`, ["wizdb", `bearer.${this.token}`]);
    this.socket = socket;
    this.ready = new Promise((resolve) => {
      socket.addEventListener("open", () => {
        this.retryMs = 500;
        this.setState("live");
        resolve(true);
      });
      socket.addEventListener("close", () => {
        resolve(false);
        if (this.socket === socket) this.socket = null;
        for (const [id, call] of this.pending) {
          if (call.viaSocket) {
            this.pending.delete(id);
            call.reject(new RpcError({ code: -32000, message: "the connection to wizdb studio was lost", data: { kind: "unavailable" } }));
          }
        }
        if (this.closed) return;
        this.setState("offline");
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 8000);
      });
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    return this.ready;
  }

  setState(state) {
    this.state = state;
    this.onState(state);
  }

  receive(text) {
    const message = parseJSON(text);
    for (const item of Array.isArray(message) ? message : [message]) {
      if (item.method === "$/progress") {
        this.progress.get(item.params?.token)?.(item.params.value);
      } else if (item.method) {
        for (const listener of this.listeners.get(item.method) ?? []) listener(item.params);
      } else if (item.id != null && this.pending.has(item.id)) {
        const call = this.pending.get(item.id);
        this.pending.delete(item.id);
        if (item.error) call.reject(new RpcError(item.error));
        else call.resolve(item.result);
      }
    }
  }

  on(method, listener) {
    if (!this.listeners.has(method)) this.listeners.set(method, new Set());
    this.listeners.get(method).add(listener);
    return () => this.listeners.get(method).delete(listener);
  }

  // One call. options.onProgress receives $/progress values (WebSocket only).
  call(method, params = {}, options = {}) {
    const id = this.nextId++;
    const request = { jsonrpc: "2.0", id, method, params: { ...params } };
    let token = null;
    if (options.onProgress) {
      token = `p${id}`;
      request.params.workDoneToken = token;
      this.progress.set(token, options.onProgress);
    }
    this.log?.(method, params);
    const promise = new Promise((resolve, reject) => {
      const viaSocket = this.socket?.readyState === WebSocket.OPEN;
      this.pending.set(id, { resolve, reject, viaSocket });
      if (viaSocket) this.socket.send(toJSON(request));
      else this.post(request).then((answer) => this.receive(answer), (error) => {
        this.pending.delete(id);
        reject(error);
      });
    });
    return token ? promise.finally(() => this.progress.delete(token)) : promise;
  }

  // Several calls in one POST, without waiting for the socket (the page's first calls): one
  // promise per call, in order.
  batch(calls) {
    const requests = calls.map(([method, params]) => ({ jsonrpc: "2.0", id: this.nextId++, method, params }));
    for (const request of requests) this.log?.(request.method, request.params);
    const answers = this.post(requests).then((text) => new Map(parseJSON(text).map((answer) => [answer.id, answer])));
    return requests.map((request) => answers.then((byId) => {
      const answer = byId.get(request.id);
      if (!answer) throw new RpcError({ code: -32603, message: "no answer", data: { kind: "error" } });
      if (answer.error) throw new RpcError(answer.error);
      return answer.result;
    }));
  }

  async post(request) {
    const response = await fetch("/rpc", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${this.token}` },
      body: toJSON(request),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new RpcError({ code: -32000, message: `${response.status}: ${text.trim()}`, data: { kind: response.status === 401 ? "unauthorized" : "http" } });
    }
    return response.text();
  }
}
