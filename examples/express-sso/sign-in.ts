// The example's own authentication, kept to the least that shows the SSO step: pick a user on
// a page and get a session cookie. A real app has its own (OpenID Connect, SAML, passport...);
// the SSO route needs only req.user.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { homePage, signInPage } from './pages';

export interface AppUser {
  /** The name this app knows the person by. */
  name: string;
  /** Their user name in printIQ. */
  printIqUserName: string;
  /** The printIQ customer their quotes are for, if any. */
  customerCode?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, if any. */
    user?: AppUser;
  }
}

const COOKIE = 'sid';
/** Sessions kept in memory; past this many the oldest is dropped (the person signs in again). */
const MAX_SESSIONS = 1_000;

export function signIn(users: readonly AppUser[]): Router {
  const sessions = new Map<string, AppUser>();
  const router = express.Router();

  router.use((req, _res, next) => {
    req.user = sessions.get(sessionId(req) ?? '');
    next();
  });
  router.get('/', (req, res) => (req.user ? res.send(homePage(req.user)) : res.redirect(303, '/login')));
  router.get('/login', (_req, res) => res.send(signInPage(users)));
  router.post('/login', express.urlencoded({ extended: false }), (req, res) => {
    const user = users.find((candidate) => candidate.name === req.body?.user);
    if (!user) return res.status(400).send(signInPage(users, 'Choose one of these users.'));
    const id = randomBytes(24).toString('base64url');
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    sessions.set(id, user);
    res.cookie(COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.redirect(303, '/');
  });
  router.post('/logout', (req, res) => {
    sessions.delete(sessionId(req) ?? '');
    res.clearCookie(COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });
  return router;
}

function sessionId(req: Request): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === COOKIE) return value;
  }
  return undefined;
}
