import Foundation
import Testing

@testable import GatewayDiscovery

/// AWS's Signature Version 4 test suite: every case signs one request with the same credentials, region, service
/// and time, and publishes the canonical request, the string to sign and the `Authorization` header.
///
/// The inputs and expected values are those of the suite first published with the AWS General Reference
/// (`aws-sig-v4-test-suite`, 2015-08-30) as AWS maintains it in awslabs/aws-c-auth
/// (`tests/aws-signing-test-suite/v4/<case>/request.txt`, `header-canonical-request.txt`,
/// `header-string-to-sign.txt`, `header-signature.txt`), where the path cases carry a `-normalized` suffix. The
/// requests there carry no `X-Amz-Date`: the signer adds it, as it does here.
///
/// Three cases come from the 2015 files instead and are marked so: two that the maintained copy dropped, and the
/// 2015 reading of the multi-line header. The two form cases follow the maintained copy, because in the 2015
/// files their string to sign does not hash their canonical request.
@Suite("Signature Version 4")
struct SigV4SignerTests {
    // MARK: - The test suite

    /// The suite's credentials, scope and time.
    static let suiteSigner = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        ),
        region: "us-east-1",
        service: "service"
    )
    static let suiteTime = SigV4Signer.SigningTime(secondsSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// SHA-256 of an empty body.
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// SHA-256 of `Param1=value1`, the body of the form cases.
    static let formHash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
    /// The RFC 3986 unreserved characters, which no encoding touches.
    static let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    /// The session token of the `post-sts-header-before` case.
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTfl"
        + "fKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HF"
        + "vlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr"
        + "4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
    /// The session token of the `get-vanilla-with-session-token` case.
    static let plainToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

    /// One case: the request as the suite gives it, and what each step must produce.
    struct SuiteCase: Sendable, CustomTestStringConvertible {
        var name: String
        var method = "GET"
        var path = "/"
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com")]
        var body = ""
        var sessionToken: String?
        var canonicalRequest: String
        /// The last line of the string to sign: the hex SHA-256 of the canonical request.
        var canonicalRequestHash: String
        var signature: String

        var testDescription: String { name }

        /// The string to sign as the suite prints it.
        var stringToSign: String {
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\(canonicalRequestHash)"
        }

        /// The `Authorization` header as the suite prints it; the signed headers are the canonical request's
        /// next-to-last line.
        var authorization: String {
            let lines = canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
            let signedHeaders = lines.count >= 2 ? String(lines[lines.count - 2]) : ""
            return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        }
    }

    static let suite: [SuiteCase] = [
        SuiteCase(
            name: "get-vanilla",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SuiteCase(
            name: "get-vanilla-query",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SuiteCase(
            name: "get-vanilla-empty-query-key",
            query: [(name: "Param1", value: "value1")],
            canonicalRequest: """
                GET
                /
                Param1=value1
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab",
            signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"
        ),
        SuiteCase(
            name: "get-vanilla-query-order-key-case",
            query: [(name: "Param2", value: "value2"), (name: "Param1", value: "value1")],
            canonicalRequest: """
                GET
                /
                Param1=value1&Param2=value2
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
            signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        ),
        SuiteCase(
            name: "get-vanilla-query-order-key (2015 files)",
            query: [(name: "Param1", value: "value2"), (name: "Param1", value: "Value1")],
            canonicalRequest: """
                GET
                /
                Param1=Value1&Param1=value2
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
            signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"
        ),
        SuiteCase(
            name: "get-vanilla-query-order-value (2015 files)",
            query: [(name: "Param1", value: "value2"), (name: "Param1", value: "value1")],
            canonicalRequest: """
                GET
                /
                Param1=value1&Param1=value2
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
            signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"
        ),
        SuiteCase(
            name: "get-vanilla-query-order-encoded",
            query: [
                (name: "Param-3", value: "Value3"),
                (name: "Param", value: "Value2"),
                (name: "ሴ", value: "Value1"),
            ],
            canonicalRequest: """
                GET
                /
                %E1%88%B4=Value1&Param=Value2&Param-3=Value3
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "868294f5c38bd141c4972a373a76654f1418a8e4fc18b2e7903ae45e8ae0ec71",
            signature: "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"
        ),
        SuiteCase(
            name: "get-vanilla-query-unreserved",
            query: [(name: unreserved, value: unreserved)],
            canonicalRequest: """
                GET
                /
                \(unreserved)=\(unreserved)
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
            signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"
        ),
        SuiteCase(
            name: "get-vanilla-utf8-query",
            query: [(name: "ሴ", value: "bar")],
            canonicalRequest: """
                GET
                /
                %E1%88%B4=bar
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
            signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"
        ),
        SuiteCase(
            name: "get-unreserved",
            path: "/\(unreserved)",
            canonicalRequest: """
                GET
                /\(unreserved)

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
            signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"
        ),
        // The suite's request line carries the raw UTF-8 path, and that is what is sent: it is encoded once.
        SuiteCase(
            name: "get-utf8",
            path: "/ሴ",
            canonicalRequest: """
                GET
                /%E1%88%B4

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
            signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"
        ),
        SuiteCase(
            name: "get-space",
            path: "/example space/",
            canonicalRequest: """
                GET
                /example%20space/

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
            signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"
        ),
        SuiteCase(
            name: "get-relative",
            path: "/example/..",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SuiteCase(
            name: "get-relative-relative",
            path: "/example1/example2/../..",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SuiteCase(
            name: "get-slash",
            path: "//",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SuiteCase(
            name: "get-slash-dot-slash",
            path: "/./",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SuiteCase(
            name: "get-slash-pointless-dot",
            path: "/./example",
            canonicalRequest: """
                GET
                /example

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
            signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"
        ),
        SuiteCase(
            name: "get-slashes",
            path: "//example//",
            canonicalRequest: """
                GET
                /example/

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
            signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"
        ),
        SuiteCase(
            name: "get-header-key-duplicate",
            headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "My-Header1", value: "value2"),
                (name: "My-Header1", value: "value2"),
                (name: "My-Header1", value: "value1"),
            ],
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                my-header1:value2,value2,value1
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
            signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"
        ),
        // The value is folded over three lines; unfolded, its line breaks and indents are whitespace.
        SuiteCase(
            name: "get-header-value-multiline",
            headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "My-Header1", value: "value1\n  value2\n     value3"),
            ],
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                my-header1:value1 value2 value3
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "e99419459a677bc11de234014be3c4e72c1ea5b454ceb58b613061f5d7a162e8",
            signature: "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"
        ),
        // The 2015 files read the continuation lines as further values of the header.
        SuiteCase(
            name: "get-header-value-multiline (2015 files)",
            headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "My-Header1", value: "value1"),
                (name: "My-Header1", value: "  value2"),
                (name: "My-Header1", value: "     value3"),
            ],
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                my-header1:value1,value2,value3
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "b7b6cbfd8a0430b78891e986784da2630c8a135a8595cec25b26ea94f926ee55",
            signature: "ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790"
        ),
        SuiteCase(
            name: "get-header-value-order",
            headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "My-Header1", value: "value4"),
                (name: "My-Header1", value: "value1"),
                (name: "My-Header1", value: "value3"),
                (name: "My-Header1", value: "value2"),
            ],
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                my-header1:value4,value1,value3,value2
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
            signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"
        ),
        SuiteCase(
            name: "get-header-value-trim",
            headers: [
                (name: "Host", value: "example.amazonaws.com"),
                (name: "My-Header1", value: " value1"),
                (name: "My-Header2", value: " \"a   b   c\""),
            ],
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                my-header1:value1
                my-header2:"a b c"
                x-amz-date:20150830T123600Z

                host;my-header1;my-header2;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
            signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
        ),
        SuiteCase(
            name: "get-vanilla-with-session-token",
            sessionToken: plainToken,
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z
                x-amz-security-token:\(plainToken)

                host;x-amz-date;x-amz-security-token
                \(emptyHash)
                """,
            canonicalRequestHash: "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b",
            signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"
        ),
        SuiteCase(
            name: "post-vanilla",
            method: "POST",
            canonicalRequest: """
                POST
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        SuiteCase(
            name: "post-vanilla-query",
            method: "POST",
            query: [(name: "Param1", value: "value1")],
            canonicalRequest: """
                POST
                /
                Param1=value1
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"
        ),
        SuiteCase(
            name: "post-vanilla-empty-query-value",
            method: "POST",
            query: [(name: "Param1", value: "value1")],
            canonicalRequest: """
                POST
                /
                Param1=value1
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"
        ),
        SuiteCase(
            name: "post-header-key-case",
            method: "POST",
            headers: [(name: "HOST", value: "example.amazonaws.com")],
            canonicalRequest: """
                POST
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        SuiteCase(
            name: "post-header-key-sort",
            method: "POST",
            headers: [(name: "My-Header1", value: "value1"), (name: "Host", value: "example.amazonaws.com")],
            canonicalRequest: """
                POST
                /

                host:example.amazonaws.com
                my-header1:value1
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
            signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"
        ),
        SuiteCase(
            name: "post-header-value-case",
            method: "POST",
            headers: [(name: "Host", value: "example.amazonaws.com"), (name: "My-Header1", value: "VALUE1")],
            canonicalRequest: """
                POST
                /

                host:example.amazonaws.com
                my-header1:VALUE1
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                \(emptyHash)
                """,
            canonicalRequestHash: "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
            signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"
        ),
        // The variant of the STS case in which the token is signed; the signer always signs it.
        SuiteCase(
            name: "post-sts-header-before",
            method: "POST",
            sessionToken: stsToken,
            canonicalRequest: """
                POST
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z
                x-amz-security-token:\(stsToken)

                host;x-amz-date;x-amz-security-token
                \(emptyHash)
                """,
            canonicalRequestHash: "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
            signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"
        ),
        // The form cases sign their body; `x-amz-content-sha256` is a header the caller sends, so it is passed in.
        SuiteCase(
            name: "post-x-www-form-urlencoded",
            method: "POST",
            headers: [
                (name: "Content-Type", value: "application/x-www-form-urlencoded"),
                (name: "Host", value: "example.amazonaws.com"),
                (name: "Content-Length", value: "13"),
                (name: "X-Amz-Content-Sha256", value: formHash),
            ],
            body: "Param1=value1",
            canonicalRequest: """
                POST
                /

                content-length:13
                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-content-sha256:\(formHash)
                x-amz-date:20150830T123600Z

                content-length;content-type;host;x-amz-content-sha256;x-amz-date
                \(formHash)
                """,
            canonicalRequestHash: "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb",
            signature: "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"
        ),
        SuiteCase(
            name: "post-x-www-form-urlencoded-parameters",
            method: "POST",
            headers: [
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
                (name: "Host", value: "example.amazonaws.com"),
                (name: "Content-Length", value: "13"),
                (name: "X-Amz-Content-Sha256", value: formHash),
            ],
            body: "Param1=value1",
            canonicalRequest: """
                POST
                /

                content-length:13
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:example.amazonaws.com
                x-amz-content-sha256:\(formHash)
                x-amz-date:20150830T123600Z

                content-length;content-type;host;x-amz-content-sha256;x-amz-date
                \(formHash)
                """,
            canonicalRequestHash: "a89f1a5b53e37702ee6363ce1da3ce8f54386f3c8f352ae652153c2982a0bc4d",
            signature: "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422"
        ),
    ]

    @Test("each step matches the AWS test suite", arguments: suite)
    func suiteCase(_ testCase: SuiteCase) {
        var signer = Self.suiteSigner
        if let token = testCase.sessionToken {
            signer = SigV4Signer(
                credentials: AWSCredentials(
                    accessKeyID: signer.credentials.accessKeyID,
                    secretAccessKey: signer.credentials.secretAccessKey,
                    sessionToken: token
                ),
                region: signer.region,
                service: signer.service
            )
        }
        let signed = signer.sign(
            method: testCase.method,
            path: testCase.path,
            query: testCase.query,
            headers: testCase.headers,
            body: Array(testCase.body.utf8),
            at: Self.suiteTime
        )
        #expect(signed.canonicalRequest == testCase.canonicalRequest)
        #expect(signed.stringToSign == testCase.stringToSign)
        #expect(signed.signature == testCase.signature)
        #expect(signed.header("authorization") == testCase.authorization)
        #expect(signed.header("x-amz-date") == "20150830T123600Z")
        #expect(signed.header("x-amz-security-token") == testCase.sessionToken)
        // What is sent is what was signed: the query to send is the canonical one.
        let canonicalQuery = testCase.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2]
        #expect(signed.query == canonicalQuery)
    }

    // MARK: - A Lambda request

    /// `GET https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/?FunctionVersion=ALL&MaxItems=50`, the
    /// first page of ListFunctions, with every input the signature depends on.
    struct LambdaRequest {
        var credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        )
        var region = "us-east-1"
        var service = "lambda"
        var method = "GET"
        var path = "/2015-03-31/functions/"
        var query: [(name: String, value: String)] = [
            (name: "FunctionVersion", value: "ALL"), (name: "MaxItems", value: "50"),
        ]
        var headers: [(name: String, value: String)] = [(name: "host", value: "lambda.us-east-1.amazonaws.com")]
        var body: [UInt8] = []
        var time = SigV4Signer.SigningTime(secondsSince1970: 1_440_938_160)

        func sign() -> SigV4Signer.SignedRequest {
            SigV4Signer(credentials: credentials, region: region, service: service)
                .sign(method: method, path: path, query: query, headers: headers, body: body, at: time)
        }
    }

    /// One change to one input of the Lambda request.
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case accessKeyID, secretAccessKey, sessionToken, region, service, method, path, queryName, queryValue
        case queryParameterAdded, hostHeader, headerAdded, body, second, day

        var testDescription: String { rawValue }

        func apply(to request: inout LambdaRequest) {
            switch self {
            case .accessKeyID: request.credentials.accessKeyID = "AKIDEXAMPLF"
            case .secretAccessKey: request.credentials.secretAccessKey += "x"
            case .sessionToken: request.credentials.sessionToken = "token"
            case .region: request.region = "us-east-2"
            case .service: request.service = "lambda2"
            case .method: request.method = "HEAD"
            case .path: request.path = "/2015-03-31/functions/my-function/aliases"
            case .queryName: request.query[0].name = "functionVersion"
            case .queryValue: request.query[1].value = "51"
            case .queryParameterAdded: request.query.append((name: "Marker", value: "abc"))
            case .hostHeader: request.headers[0].value = "lambda.us-east-2.amazonaws.com"
            case .headerAdded: request.headers.append((name: "accept", value: "application/json"))
            case .body: request.body = Array("{}".utf8)
            case .second: request.time = SigV4Signer.SigningTime(secondsSince1970: 1_440_938_161)
            case .day: request.time = SigV4Signer.SigningTime(secondsSince1970: 1_440_938_160 + 86_400)
            }
        }
    }

    @Test("the Lambda request signs as the rules say, and the same way every time")
    func lambdaRequest() {
        let signed = LambdaRequest().sign()
        #expect(
            signed.canonicalRequest == """
                GET
                /2015-03-31/functions/
                FunctionVersion=ALL&MaxItems=50
                host:lambda.us-east-1.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(Self.emptyHash)
                """
        )
        #expect(signed.query == "FunctionVersion=ALL&MaxItems=50")
        #expect(signed.headers.map(\.name) == ["x-amz-date", "authorization"])
        let authorization = signed.header("authorization") ?? ""
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/lambda/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature="
            )
        )
        #expect(signed.signature.count == 64)
        #expect(signed.signature.allSatisfy { "0123456789abcdef".contains($0) })

        let again = LambdaRequest().sign()
        #expect(again.canonicalRequest == signed.canonicalRequest)
        #expect(again.stringToSign == signed.stringToSign)
        #expect(again.signature == signed.signature)
        #expect(again.header("authorization") == signed.header("authorization"))
    }

    @Test("changing any input changes the authorization", arguments: Change.allCases)
    func changedInput(_ change: Change) {
        var request = LambdaRequest()
        change.apply(to: &request)
        let original = LambdaRequest().sign()
        let changed = request.sign()
        #expect(changed.header("authorization") != original.header("authorization"))
        if change == .accessKeyID {
            // The key ID names the secret in the credential scope; only the secret goes into the HMAC.
            #expect(changed.signature == original.signature)
        } else {
            #expect(changed.signature != original.signature)
        }
    }

    @Test("no two changes give the same authorization")
    func changesAreDistinct() {
        var authorizations: Set<String> = [LambdaRequest().sign().header("authorization") ?? ""]
        for change in Change.allCases {
            var request = LambdaRequest()
            change.apply(to: &request)
            authorizations.insert(request.sign().header("authorization") ?? "")
        }
        #expect(authorizations.count == Change.allCases.count + 1)
    }

    @Test("a session token is sent and signed")
    func sessionTokenHeader() {
        var request = LambdaRequest()
        request.credentials.sessionToken = "the-token"
        let signed = request.sign()
        #expect(signed.headers.map(\.name) == ["x-amz-date", "x-amz-security-token", "authorization"])
        #expect(signed.header("x-amz-security-token") == "the-token")
        #expect(signed.canonicalRequest.contains("\nx-amz-security-token:the-token\n"))
        #expect(signed.header("authorization")?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,") == true)
    }

    @Test("headers the signer sets are not taken from the caller")
    func signerOwnedHeadersIgnored() {
        var request = LambdaRequest()
        request.headers += [
            (name: "X-Amz-Date", value: "19990101T000000Z"),
            (name: "Authorization", value: "stale"),
            (name: "x-amz-security-token", value: "stale"),
        ]
        #expect(request.sign().canonicalRequest == LambdaRequest().sign().canonicalRequest)
        #expect(request.sign().signature == LambdaRequest().sign().signature)
    }

    // MARK: - Canonical forms

    @Test(
        "paths are normalised and encoded once more",
        arguments: [
            ("", "/"),
            ("/", "/"),
            ("a/b", "/a/b"),
            ("/a/b/..", "/a/"),
            ("/a/./b/../c", "/a/c"),
            ("/../a", "/a"),
            ("/a//b///", "/a/b/"),
            ("/2015-03-31/functions/", "/2015-03-31/functions/"),
            // Sent encoded, signed encoded twice.
            (
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1/aliases",
                "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1/aliases"
            ),
            ("/a%2Fb", "/a%252Fb"),
            ("/a b+c", "/a%20b%2Bc"),
        ]
    )
    func canonicalURI(path: String, expected: String) {
        #expect(SigV4Canonical.uri(path) == expected)
    }

    @Test("query parameters are encoded with the unreserved set and sorted by name, then value")
    func canonicalQuery() {
        let query = SigV4Canonical.query([
            (name: "b", value: "x y"),
            (name: "a", value: "1+2"),
            (name: "a", value: "0"),
            (name: "c/d", value: "é&="),
            (name: "empty", value: ""),
            (name: "B", value: "*"),
        ])
        #expect(query == "B=%2A&a=0&a=1%2B2&b=x%20y&c%2Fd=%C3%A9%26%3D&empty=")
        #expect(SigV4Canonical.query([]) == "")
    }

    @Test("header values are trimmed and inner whitespace collapsed")
    func headerValues() {
        #expect(SigV4Canonical.headerValue("  a \t b\r\n  c  ") == "a b c")
        #expect(SigV4Canonical.headerValue("   ") == "")
        #expect(SigV4Canonical.headerValue("ሴ  x") == "ሴ x")
        #expect(SigV4Canonical.headerName(" My-Header ") == "my-header")
    }

    // MARK: - Signing time

    @Test(
        "dates become UTC calendar times without a formatter",
        arguments: [
            (0, "19700101T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (946_684_799, "19991231T235959Z"),
            (951_782_400, "20000229T000000Z"),
            (1_456_790_399, "20160229T235959Z"),
            (4_107_542_400, "21000301T000000Z"),
            (253_402_300_799, "99991231T235959Z"),
        ] as [(Int64, String)]
    )
    func signingTime(seconds: Int64, expected: String) {
        #expect(SigV4Signer.SigningTime(secondsSince1970: seconds).amzDate == expected)
        #expect(SigV4Signer.SigningTime(Date(timeIntervalSince1970: Double(seconds) + 0.75)).amzDate == expected)
    }

    @Test("times outside 1970 through 9999 are held to them")
    func signingTimeClamped() {
        #expect(SigV4Signer.SigningTime(secondsSince1970: -1).amzDate == "19700101T000000Z")
        #expect(SigV4Signer.SigningTime(secondsSince1970: .max).amzDate == "99991231T235959Z")
        #expect(SigV4Signer.SigningTime(Date(timeIntervalSince1970: -1e300)).amzDate == "19700101T000000Z")
        #expect(SigV4Signer.SigningTime(Date(timeIntervalSince1970: 1e300)).amzDate == "99991231T235959Z")
        #expect(SigV4Signer.SigningTime(Date(timeIntervalSince1970: .nan)).amzDate == "19700101T000000Z")
    }

    @Test("a time from parts is checked")
    func signingTimeFromParts() throws {
        let time = try #require(SigV4Signer.SigningTime(year: 2015, month: 8, day: 30, hour: 12, minute: 36, second: 0))
        #expect(time == Self.suiteTime)
        #expect(time.dateStamp == "20150830")
        #expect(SigV4Signer.SigningTime(year: 2016, month: 2, day: 29, hour: 0, minute: 0, second: 0) != nil)
        #expect(SigV4Signer.SigningTime(year: 2015, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
        #expect(SigV4Signer.SigningTime(year: 1900, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
        #expect(SigV4Signer.SigningTime(year: 2015, month: 13, day: 1, hour: 0, minute: 0, second: 0) == nil)
        #expect(SigV4Signer.SigningTime(year: 2015, month: 4, day: 31, hour: 0, minute: 0, second: 0) == nil)
        #expect(SigV4Signer.SigningTime(year: 2015, month: 1, day: 1, hour: 24, minute: 0, second: 0) == nil)
        #expect(SigV4Signer.SigningTime(year: 10_000, month: 1, day: 1, hour: 0, minute: 0, second: 0) == nil)
    }

    // MARK: - Credentials

    @Test("credentials come from the AWS variables")
    func credentialsFromEnvironment() {
        let full = AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
        ])
        #expect(full == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"))
        let longTerm = AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "",
        ])
        #expect(longTerm == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"))
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID"]) == nil)
        #expect(AWSCredentials.fromEnvironment(["AWS_SECRET_ACCESS_KEY": "secret"]) == nil)
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "secret"]) == nil)
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": ""]) == nil)
        #expect(AWSCredentials.fromEnvironment([:]) == nil)
    }

    @Test("text made from credentials shows the key ID but never the secret or the token")
    func credentialsDescription() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "SESSIONTOKENEXAMPLE"
        )
        var dumped = ""
        dump(credentials, to: &dumped)
        let texts = [
            credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials),
            dumped,
        ]
        for text in texts {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("SESSIONTOKENEXAMPLE"))
        }
    }
}
