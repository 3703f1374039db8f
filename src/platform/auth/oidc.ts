import * as client from 'openid-client';
import type { Config } from '../config.js';

type OidcConfig = NonNullable<Config['oidc']>;

/**
 * Login through an external OpenID Connect provider (e.g. the national identity platform):
 * authorization code flow with PKCE, state and nonce. The provider's metadata is discovered once.
 */
export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;
  constructor(readonly cfg: OidcConfig) {}

  private discover(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.cfg.issuer), this.cfg.clientId, this.cfg.clientSecret, undefined, {
        // A plain-http issuer is only acceptable on a private network or in tests; production uses https.
        execute: this.cfg.issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        this.configuration = undefined;
        throw e;
      });
    return this.configuration;
  }

  async start(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const config = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.cfg.redirectUri,
      scope: this.cfg.scope,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code and returns who logged in. Providers that follow the core spec put only `sub`
   * in the ID token when an access token is issued, so the name and email come from userinfo then.
   */
  async finish(query: URLSearchParams, expected: { state: string; nonce: string; codeVerifier: string }) {
    const config = await this.discover();
    // The redirect_uri sent with the code must equal the registered one, whatever host or path
    // prefix a reverse proxy gave this request; only the query comes from the request.
    const callbackUrl = new URL(this.cfg.redirectUri);
    callbackUrl.search = query.toString();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no id_token');
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    let name = str(claims.name);
    let email = str(claims.email);
    if ((!name || !email) && config.serverMetadata().userinfo_endpoint) {
      // Names are a convenience: a failing userinfo endpoint does not fail a login the ID token proved.
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch(() => null);
      name ??= str(info?.name);
      email ??= str(info?.email);
    }
    return { issuer: claims.iss, subject: claims.sub, name, email };
  }
}
