// The README's Express example, word for word below this comment (test/browser/readme-example.test.ts
// checks it): an app that signs its own users in and sends them into printIQ with a one-time URL.
import express, { type ErrorRequestHandler } from 'express';
import { IqClient, IqSsoError, IqValidationError } from 'iq-integration';
import { signIn, type AppUser } from './sign-in';

export function createApp(iq: IqClient, users: readonly AppUser[]): express.Express {
  const app = express();
  app.use(signIn(users)); // your own authentication: sets req.user

  app.get('/printiq', async (req, res, next) => {
    const user = req.user;
    if (!user) return res.redirect(303, '/login');
    try {
      const { simplifiedUrl } = await iq.sso(
        { userName: user.printIqUserName, customerCode: user.customerCode, opportunityRef: String(req.query.ref ?? '') || undefined },
        { signal: AbortSignal.timeout(10_000) },
      );
      console.log(`${user.name}: sent into printIQ`); // not the URL: it carries a one-time token
      res.redirect(303, simplifiedUrl);
    } catch (error) {
      if (error instanceof IqSsoError) return res.status(403).type('text').send(`printIQ refused: ${error.vendorMessage}`);
      if (error instanceof IqValidationError) return res.status(400).type('text').send(error.message); // checked before sending
      next(error);
    }
  });

  const failed: ErrorRequestHandler = (error, _req, res, _next) => {
    console.error(`printIQ SSO failed: ${error}`); // IqError subclasses carry no secret
    res.status(502).type('text').send('printIQ could not be reached. Try again in a moment.');
  };
  app.use(failed);
  return app;
}
