<%@ WebService Language="C#" Class="IqIntegration.Catalog.CatalogService" %>
// A second ASMX service of our own (not printIQ), to prove the generated codec
// on the richer types ASP.NET's XmlSerializer writes: int, long, decimal,
// double, bool, DateTime, Guid, an enum, nested classes, arrays (ArrayOfX),
// nullable value types (nil), byte[] (base64), a void operation, and a fault
// with detail. Its WSDL (Mono's) is the snapshot in test/asmx-service/wsdl/.
using System;
using System.Collections.Generic;
using System.Web.Services;
using System.Web.Services.Protocols;
using System.Xml;

namespace IqIntegration.Catalog
{
    public enum Availability { InStock, Backorder, Discontinued }

    public class Dimensions
    {
        public decimal Width;
        public decimal Height;
        public string Unit;
    }

    public class Product
    {
        public int Id;
        public long Sku;
        public string Name;
        public decimal Price;
        public double Weight;
        public bool Active;
        public short Stock;
        public DateTime Added;
        public Guid Key;
        public Availability Availability;
        public Dimensions Size;
        public string[] Tags;
        public int? Rating;
        public byte[] Thumbnail;
    }

    [WebService(Namespace = "urn:iq-integration:catalog", Name = "Catalog")]
    [WebServiceBinding(ConformsTo = WsiProfiles.BasicProfile1_1)]
    public class CatalogService : WebService
    {
        // Every field as the service read it, written back: what ASP.NET made of the request.
        [WebMethod]
        public Product Echo(Product product)
        {
            return product;
        }

        [WebMethod]
        public Product[] Find(string query, int max)
        {
            var found = new List<Product>();
            for (int i = 1; i <= max && i <= 5; i++)
            {
                found.Add(new Product {
                    Id = i,
                    Sku = 9007199254740993L + i,
                    Name = query + " " + i,
                    Price = 1.10m * i,
                    Weight = 0.5 * i,
                    Active = i % 2 == 1,
                    Stock = (short)(i * 10),
                    Added = new DateTime(2024, 1, i, 8, 30, 0, DateTimeKind.Utc),
                    Key = new Guid("6f1b2c3d-4e5f-6071-8293-a4b5c6d7e8f" + i),
                    Availability = (Availability)(i % 3),
                    Size = i % 2 == 0 ? null : new Dimensions { Width = 2.5m, Height = i, Unit = "cm" },
                    Tags = i == 1 ? new string[0] : new string[] { "tag" + i, "more" },
                    Rating = i % 2 == 0 ? (int?)null : i,
                    Thumbnail = i == 1 ? null : new byte[] { 0, 1, 2, 255 }
                });
            }
            return found.ToArray();
        }

        // A checked sum: an overflow is the framework's fault, not a wrong answer.
        [WebMethod]
        public long Sum(long[] values)
        {
            long total = 0;
            foreach (long v in values ?? new long[0]) total = checked(total + v);
            return total;
        }

        [WebMethod]
        public void Clear()
        {
        }

        // A fault whose detail names the error, as services built on SoapException do.
        [WebMethod]
        public void Fail(string code)
        {
            var doc = new XmlDocument();
            XmlNode detail = doc.CreateNode(XmlNodeType.Element, SoapException.DetailElementName.Name, SoapException.DetailElementName.Namespace);
            XmlElement fault = doc.CreateElement("CatalogFault", "urn:iq-integration:catalog");
            XmlElement codeElement = doc.CreateElement("Code", "urn:iq-integration:catalog");
            codeElement.InnerText = code;
            XmlElement hint = doc.CreateElement("Hint", "urn:iq-integration:catalog");
            hint.InnerText = "Check the product & try again <later>";
            fault.AppendChild(codeElement);
            fault.AppendChild(hint);
            detail.AppendChild(fault);
            throw new SoapException("Catalog refused the request: " + code, SoapException.ClientFaultCode, Context.Request.Url.AbsoluteUri, detail);
        }
    }
}
