/**
 * Backend code that signs a Booth SSO token, in the languages brands' servers most often speak.
 * The Install tab shows them to copy; tests/server/sso-examples.test.ts runs each one (Node with
 * node, Python with python3, PHP with php) and signs in to Booth with the token it printed, so
 * what owners copy is known to work. Each keeps to its language's standard library.
 */

/** One backend's example: the code to paste, and how the test runs it. */
export interface SsoExample {
  id: 'node' | 'python' | 'php';
  /** The name shown on its tab. */
  label: string;
  /** The file extension the code runs from. */
  extension: 'mjs' | 'py' | 'php';
  /** The code as owners copy it: a function that returns a token for the signed-in user. */
  code: string;
  /** What the test appends to print a token for the user given as JSON in the first argument. */
  printsTokenFor: string;
}

const NODE = `// Node.js 18 or newer, no dependencies. Keep BOOTH_SSO_SECRET on your server only.
import { createHmac, randomUUID } from 'node:crypto';

const base64url = (text) => Buffer.from(text).toString('base64url');

/** A Booth sign-in token for the signed-in user; sign a fresh one for each page view. */
export function boothSsoToken(user, secret = process.env.BOOTH_SSO_SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: String(user.id), name: user.name, iat: now, exp: now + 600, jti: randomUUID() };
  if (user.avatarUrl) claims.avatar = user.avatarUrl;
  if (user.staff) claims.role = 'staff';
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(\`\${header}.\${payload}\`).digest('base64url');
  return \`\${header}.\${payload}.\${signature}\`;
}
`;

const PYTHON = `# Python 3, standard library only. Keep BOOTH_SSO_SECRET on your server only.
import base64, hashlib, hmac, json, os, time, uuid


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def booth_sso_token(user: dict, secret=None) -> str:
    """A Booth sign-in token for the signed-in user; sign a fresh one for each page view."""
    secret = secret or os.environ["BOOTH_SSO_SECRET"]
    now = int(time.time())
    claims = {"sub": str(user["id"]), "name": user["name"], "iat": now, "exp": now + 600, "jti": str(uuid.uuid4())}
    if user.get("avatar_url"):
        claims["avatar"] = user["avatar_url"]
    if user.get("staff"):
        claims["role"] = "staff"
    header = _base64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _base64url(json.dumps(claims, ensure_ascii=False).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_base64url(signature)}"
`;

const PHP = `<?php
// PHP 7.3 or newer, no extensions beyond the default ones. Keep BOOTH_SSO_SECRET on your server only.
function booth_base64url(string $data): string
{
    return rtrim(strtr(base64_encode($data), '+/', '-_'), '=');
}

/** A Booth sign-in token for the signed-in user; sign a fresh one for each page view. */
function booth_sso_token(array $user, ?string $secret = null): string
{
    $secret = $secret ?? getenv('BOOTH_SSO_SECRET');
    $now = time();
    $claims = ['sub' => (string) $user['id'], 'name' => $user['name'], 'iat' => $now, 'exp' => $now + 600,
        'jti' => bin2hex(random_bytes(16))];
    if (!empty($user['avatar_url'])) $claims['avatar'] = $user['avatar_url'];
    if (!empty($user['staff'])) $claims['role'] = 'staff';
    $header = booth_base64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
    $payload = booth_base64url(json_encode($claims, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    $signature = booth_base64url(hash_hmac('sha256', "$header.$payload", $secret, true));
    return "$header.$payload.$signature";
}
`;

/** The examples in the order the Install tab shows them. */
export const SSO_EXAMPLES: readonly SsoExample[] = [
  {
    id: 'node',
    label: 'Node.js',
    extension: 'mjs',
    code: NODE,
    printsTokenFor: 'console.log(boothSsoToken(JSON.parse(process.argv[2])));\n',
  },
  {
    id: 'python',
    label: 'Python',
    extension: 'py',
    code: PYTHON,
    printsTokenFor: '\nimport sys\nprint(booth_sso_token(json.loads(sys.argv[1])))\n',
  },
  {
    id: 'php',
    label: 'PHP',
    extension: 'php',
    code: PHP,
    printsTokenFor: 'echo booth_sso_token(json_decode($argv[1], true));\n',
  },
];
