// Where tests find the ASMX service that globalSetup started.
export { TEST_APP_KEY } from '../asmx-service/asmx-service';

export function asmxUrl(): string {
  const url = process.env.IQ_TEST_ASMX_URL;
  if (!url) throw new Error('IQ_TEST_ASMX_URL is not set: run the suite with jest (globalSetup starts the ASMX service)');
  return url;
}

export function changedAsmxUrl(): string {
  const url = process.env.IQ_TEST_ASMX_CHANGED_URL;
  if (!url) throw new Error('IQ_TEST_ASMX_CHANGED_URL is not set');
  return url;
}

export function catalogAsmxUrl(): string {
  const url = process.env.IQ_TEST_ASMX_CATALOG_URL;
  if (!url) throw new Error('IQ_TEST_ASMX_CATALOG_URL is not set');
  return url;
}
