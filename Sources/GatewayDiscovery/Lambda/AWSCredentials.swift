/// The keys that sign requests to AWS APIs: a long-term access key pair, or temporary credentials from AWS STS
/// (which add a session token).
///
/// The secret never appears in text made from these credentials: `description`, `debugDescription` and the
/// reflection that `dump` and the debugger use show the key ID and whether there is a session token, nothing
/// more, so credentials can be logged safely by mistake.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key ID (`AKIA…` for long-term keys, `ASIA…` for temporary ones); it is not secret.
    public var accessKeyID: String
    /// The secret access key that requests are signed with.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `x-amz-security-token`; nil for long-term keys.
    public var sessionToken: String?

    /// Credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Credentials from the variables the AWS CLI and SDKs read: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and,
    /// for temporary credentials, `AWS_SESSION_TOKEN`.
    ///
    /// - Parameter environment: the process environment, or any other map of variables (tests pass their own).
    /// - Returns: nil when the key ID or the secret is missing or empty; an empty session token counts as none.
    public static func fromEnvironment(_ environment: [String: String]) -> AWSCredentials? {
        guard let accessKeyID = environment["AWS_ACCESS_KEY_ID"], !accessKeyID.isEmpty,
            let secretAccessKey = environment["AWS_SECRET_ACCESS_KEY"], !secretAccessKey.isEmpty
        else {
            return nil
        }
        let sessionToken = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key ID and whether a session token is present; never the secret or the token.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), sessionToken: \(sessionToken == nil ? "none" : "present"))"
    }

    /// The same text as `description`: debug output is where a secret would most likely leak.
    public var debugDescription: String {
        description
    }

    /// What `dump` and debuggers show instead of the stored properties, which would include the secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["accessKeyID": accessKeyID, "hasSessionToken": sessionToken != nil],
            displayStyle: .struct
        )
    }
}
