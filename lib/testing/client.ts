/**
 * A small HTTP client for tests and scripts: keeps the session cookie like a browser would (and
 * sends our Origin, as a browser does), or a bearer token like a script.
 */
export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export class TestClient {
  cookies = new Map<string, string>();
  token: string | undefined;
  origin: string;

  constructor(readonly baseUrl: string) {
    this.origin = new URL(baseUrl).origin;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    else if (this.cookies.size > 0) {
      h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      h.origin ??= this.origin;
    }
    return h;
  }

  private keepCookies(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(
    pathname: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const res = await fetch(this.baseUrl + pathname, { ...init, headers: this.headers(init.headers ?? {}) });
    this.keepCookies(res);
    return res;
  }

  async signUp(
    email = `u${Math.random().toString(36).slice(2)}@example.test`,
    password = "correct horse battery",
    name = "Test User",
  ) {
    const res = await this.fetch("/api/auth/sign-up/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin },
      body: JSON.stringify({ email, password, name }),
    });
    if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    return { email, password };
  }

  async signIn(email: string, password: string): Promise<Response> {
    return this.fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin },
      body: JSON.stringify({ email, password }),
    });
  }

  async signOut(): Promise<Response> {
    return this.fetch("/api/auth/sign-out", {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin },
      body: "{}",
    });
  }

  async gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>> {
    const res = await this.fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    try {
      return { status: res.status, ...(JSON.parse(text) as object) };
    } catch {
      throw new Error(`non-JSON GraphQL response ${res.status}: ${text.slice(0, 200)}`);
    }
  }

  /** Like gql, but throws on errors and returns data. */
  async must<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data;
  }
}
