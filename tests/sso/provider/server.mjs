// A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 for the
// sign-in tests. Usage: node server.mjs CONFIG.json
// CONFIG: {"clients": [{client_id, client_secret, redirect_uris}],
//          "accounts_file": "accounts.json"}
// accounts.json maps a login (the `sub`) to the claims sent for it; it is read
// at every sign-in so a test can change an address between two sign-ins.
// Its sign-in form is oidc-provider's development form: any login, any password.
// OP_CLOCK_OFFSET_SECONDS runs this provider's clock ahead (clock-skew tests).
// Prints "listening <issuer>" once it accepts connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const offset = Number(process.env.OP_CLOCK_OFFSET_SECONDS || 0) * 1000;
if (offset) {
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}

const { default: Provider } = await import('oidc-provider');
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function claimsOf(accountId) {
  const accounts = JSON.parse(readFileSync(config.accounts_file, 'utf8'));
  return { ...(accounts[accountId] || {}), sub: accountId };
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    async findAccount(ctx, accountId) {
      return { accountId, claims: async () => claimsOf(accountId) };
    },
    // A company sign-in has no consent screen: the grant is given at once.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-only-cookie-key'] },
  });
  server.on('request', provider.callback());
  process.stdout.write(`listening ${issuer}\n`);
});
