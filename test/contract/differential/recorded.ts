// Two answers as recorded from the ASMX test service (Mono's ASP.NET) for one SSORequest
// (CUST001, testuser, the reference `R&D <Ops> "q" 😀`): the base of the hostile answers when
// the differential runs without the service. test/contract/differential.test.ts records afresh.
import type { SoapVersion } from '../../../src/soap/versions';

export const RECORDED: Record<SoapVersion, string> = {
  '1.2':
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult><IsError>false</IsError><SimplifiedURL>http://printiq.test/Simplified/CreateQuote.aspx?cusID=13926&amp;quoteref1=R&amp;D &lt;Ops&gt; "q" 😀&amp;AuthToken=87cd67c99d474bd798080f0daf4e5a2a</SimplifiedURL><LandPageURL>http://printiq.test/LandPage.aspx?AuthToken=87cd67c99d474bd798080f0daf4e5a2a</LandPageURL></SSORequestResult></SSORequestResponse></soap:Body></soap:Envelope>',
  '1.1':
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><SSORequestResponse xmlns="http://printiq.co.nz/"><SSORequestResult><IsError>false</IsError><SimplifiedURL>http://printiq.test/Simplified/CreateQuote.aspx?cusID=13926&amp;quoteref1=R&amp;D &lt;Ops&gt; "q" 😀&amp;AuthToken=0d94499f5a8b413fa0ca3222586bed6c</SimplifiedURL><LandPageURL>http://printiq.test/LandPage.aspx?AuthToken=0d94499f5a8b413fa0ca3222586bed6c</LandPageURL></SSORequestResult></SSORequestResponse></soap:Body></soap:Envelope>',
};
