// nock for one describe block of a test file whose other tests talk to a real
// socket (a scripted server on 127.0.0.1).
import nock from 'nock';

/** Importing nock switches interception on for the whole process: call this at the top of the file to switch it off. */
export function nockOffOutsideItsBlock(): void {
  nock.restore();
}

/**
 * Call inside the describe block that wants nock: interception is on for that block only,
 * any network but 127.0.0.1 is refused, and the scopes are forgotten after each test.
 */
export function nockInThisBlock(): void {
  beforeAll(() => {
    nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
}
