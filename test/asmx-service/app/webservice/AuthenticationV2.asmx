<%@ WebService Language="C#" Class="PrintIQ.V2.Authentication" %>
// The same service after a hypothetical vendor release: one field added to the
// input, one result field retyped, one removed, and one operation added. Only its
// WSDL is used: the tests point the WSDL check at it to see a useful summary.
using System;
using System.Web.Services;

namespace PrintIQ.V2
{
    public class SSORequestInput
    {
        public string CusCode;
        public string UserName;
        public string AppKey;
        public string OpportunityRef;
        public string Department;
    }

    public class SSORequestResponse
    {
        public bool IsError;
        public int ErrorMessage;
        public string SimplifiedURL;
    }

    [WebService(Namespace = "http://printiq.co.nz/", Name = "Authentication")]
    [WebServiceBinding(ConformsTo = WsiProfiles.BasicProfile1_1)]
    public class Authentication : WebService
    {
        [WebMethod]
        public SSORequestResponse SSORequest(SSORequestInput input)
        {
            return new SSORequestResponse { IsError = true, ErrorMessage = 1 };
        }

        [WebMethod]
        public bool SSOLogout(string authToken)
        {
            return true;
        }
    }
}
