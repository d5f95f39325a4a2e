<%@ WebService Language="C#" Class="PrintIQ.Authentication" %>
// A stand-in for printIQ's SSO service, written from the vendor document
// (shared/docs/printiq-sso-api.txt) so that the client is tested against a
// real ASMX stack: the WSDL, SOAP 1.1, SOAP 1.2 and JSON are all ASP.NET's own.
using System;
using System.Configuration;
using System.Web.Script.Services;
using System.Web.Services;

namespace PrintIQ
{
    public class SSORequestInput
    {
        public string CusCode;
        public string UserName;
        public string AppKey;
        public string OpportunityRef;
    }

    public class SSORequestResponse
    {
        public bool IsError;
        public string ErrorMessage;
        public string SimplifiedURL;
        public string LandPageURL;
    }

    [WebService(Namespace = "http://printiq.co.nz/")]
    [WebServiceBinding(ConformsTo = WsiProfiles.BasicProfile1_1)]
    [ScriptService]
    public class Authentication : WebService
    {
        [WebMethod]
        public SSORequestResponse SSORequest(SSORequestInput input)
        {
            return SsoRules.Answer(input);
        }
    }

    // The vendor's documented behaviour.
    public static class SsoRules
    {
        public static SSORequestResponse Answer(SSORequestInput input)
        {
            if (input == null) return Refuse("No input supplied");
            string expectedKey = ConfigurationManager.AppSettings["SsoAppKey"];
            if (input.AppKey != expectedKey) return Refuse("Invalid application key");
            string user = input.UserName ?? "";
            // A way for tests to make the framework raise a real fault (HTTP 500).
            if (user == "raise-fault") throw new InvalidOperationException("Simulated failure in SSORequest");
            if (user == "admin" || user == "factoryadmin")
                return Refuse("SSO is not available for Admin or Factory Admin users");
            if (user != "testuser" && !user.StartsWith("user-"))
                return Refuse("No user found with username " + user);

            string token = Guid.NewGuid().ToString("N");
            string query = "";
            if (!string.IsNullOrEmpty(input.CusCode))
            {
                if (input.CusCode != "CUST001" && !input.CusCode.StartsWith("CUS"))
                    return Refuse("No customer found with code " + input.CusCode);
                query += "cusID=" + (input.CusCode == "CUST001" ? "13926" : input.CusCode) + "&";
            }
            // Like the vendor, the reference is put into the URL as it was given.
            if (!string.IsNullOrEmpty(input.OpportunityRef)) query += "quoteref1=" + input.OpportunityRef + "&";
            string site = "http://printiq.test";
            return new SSORequestResponse {
                IsError = false,
                ErrorMessage = null,
                SimplifiedURL = site + "/Simplified/CreateQuote.aspx?" + query + "AuthToken=" + token,
                LandPageURL = site + "/LandPage.aspx?AuthToken=" + token
            };
        }

        static SSORequestResponse Refuse(string message)
        {
            return new SSORequestResponse { IsError = true, ErrorMessage = message, SimplifiedURL = "", LandPageURL = "" };
        }
    }
}
