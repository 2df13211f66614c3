import Testing

@testable import GatewayModel

@Suite("Options")
struct OptionsTests {
    // MARK: - Helpers

    private func decode<T: Decodable>(
        _ type: T.Type,
        _ yaml: String
    ) throws -> ConfigDecoder.Result<T> {
        let documents = try ConfigSyntax.parseDocuments(yaml, file: "test.yaml")
        let document = try #require(documents.first)
        return try ConfigDecoder().decode(type, from: document)
    }

    /// Decodes `yaml`, requires no unknown fields, and checks that encoding and decoding again gives the
    /// same value.
    private func decodeClean<T: Codable & Equatable>(
        _ type: T.Type,
        _ yaml: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> T {
        let result = try decode(type, yaml)
        #expect(result.unknownFields.map(\.path) == [], sourceLocation: sourceLocation)
        let encoded = try ConfigEncoder().encode(result.value)
        let again = try ConfigDecoder().decode(type, from: encoded)
        #expect(again.value == result.value, sourceLocation: sourceLocation)
        #expect(again.unknownFields.map(\.path) == [], sourceLocation: sourceLocation)
        return result.value
    }

    private func keys(_ value: some Encodable) throws -> [String] {
        try ConfigEncoder().encode(value).members?.map(\.key) ?? []
    }

    private func storedPropertyNames(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label)
    }

    // MARK: - RouteOptions

    private static let fullRouteOptions = """
        transformations:
          clearRouteCache: true
          requestTransformation:
            transformationTemplate:
              headers:
                x-legacy: {text: "yes"}
          responseTransformation:
            headerBodyTransform: {}
        faults:
          abort: {percentage: 50.5, httpStatus: 503}
          delay: {percentage: 10, fixedDelay: 1.5s}
        prefixRewrite: /api/
        timeout: 20s
        retries:
          retryOn: 5xx,connect-failure
          numRetries: 3
          perTryTimeout: 0.250s
          retryBackOff: {baseInterval: 0.025s, maxInterval: 1s}
          previousPriorities: {updateFrequency: 2}
          retriableStatusCodes: [503, 504]
          rateLimitedRetryBackOff:
            resetHeaders:
            - {name: retry-after, format: SECONDS}
            - {name: x-ratelimit-reset, format: UNIX_TIMESTAMP}
            maxInterval: 300s
        tracing:
          routeDescriptor: checkout
          tracePercentages: {clientSamplePercentage: 100, randomSamplePercentage: 12.5, overallSamplePercentage: 50}
          propagate: false
        shadowing:
          upstream: {name: shadow, namespace: gloo-system}
          percentage: 25
          disableShadowHostSuffixAppend: true
          hostRewriteLiteral: shadow.example.com
        headerManipulation:
          requestHeadersToAdd:
          - header: {key: x-request, value: "%REQ(:path)%"}
            append: false
          - headerSecretRef: {name: api-keys, namespace: default}
          requestHeadersToRemove: [x-internal]
          responseHeadersToAdd:
          - header: {key: x-served-by, value: gateway}
          responseHeadersToRemove: [server]
        autoHostRewrite: true
        appendXForwardedHost: true
        cors:
          allowOrigin: [https://example.com]
          allowOriginRegex: ['https://[a-z]+\\.example\\.com']
          allowMethods: [GET, POST]
          allowHeaders: [content-type]
          exposeHeaders: [x-trace]
          maxAge: "86400"
          allowCredentials: true
          disableForRoute: false
        lbHash:
          hashPolicies:
          - header: x-user
            terminal: true
          - cookie: {name: session, ttl: 3600s, path: /}
          - sourceIp: true
        upgrades:
        - websocket: {enabled: true}
        - connect: {enabled: false}
        - connectTerminate: {}
        bufferPerRoute:
          buffer: {maxRequestBytes: 65536}
        csrf:
          filterEnabled:
            defaultValue: {numerator: 100, denominator: HUNDRED}
            runtimeKey: csrf.enabled
          shadowEnabled:
            defaultValue: {numerator: 5000, denominator: TEN_THOUSAND}
          additionalOrigins:
          - exact: https://trusted.example.com
          - suffix: .example.org
            ignoreCase: true
          - safeRegex: {googleRe2: {}, regex: 'https://.*\\.example\\.net'}
        stagedTransformations:
          inheritTransformation: true
          regular:
            requestTransforms:
            - requestTransformation:
                transformationTemplate:
                  passthrough: {}
        envoyMetadata:
          envoy.filters.http.lua:
            team: payments
            weight: 3
        regexRewrite:
          pattern: {googleRe2: {maxProgramSize: 100}, regex: '^/v1/(.*)$'}
          substitution: /\\1
        maxStreamDuration:
          maxStreamDuration: 60s
          grpcTimeoutHeaderMax: 30s
          grpcTimeoutHeaderOffset: 0.100s
        idleTimeout: 300s
        """

    @Test("a RouteOptions with every typed option decodes, and round-trips")
    func fullRouteOptionsDecode() throws {
        let options = try decodeClean(RouteOptions.self, Self.fullRouteOptions)

        #expect(options.transformations?.clearRouteCache == true)
        #expect(
            options.transformations?.requestTransformation?.transformationTemplate?.headers?["x-legacy"]
                == InjaTemplate("yes")
        )
        #expect(options.transformations?.responseTransformation?.kind == .headerBody(HeaderBodyTransform()))
        #expect(options.faults?.abort?.percentage == 50.5)
        #expect(options.faults?.abort?.httpStatus == 503)
        #expect(options.faults?.delay?.fixedDelay == ProtoDuration(seconds: 1, nanos: 500_000_000))
        #expect(options.prefixRewrite == "/api/")
        #expect(options.timeout == ProtoDuration(seconds: 20))

        let retries = try #require(options.retries)
        #expect(retries.retryOn == "5xx,connect-failure")
        #expect(retries.numRetries == 3)
        #expect(retries.perTryTimeout == ProtoDuration(seconds: 0, nanos: 250_000_000))
        #expect(retries.retryBackOff?.baseInterval == ProtoDuration(seconds: 0, nanos: 25_000_000))
        #expect(retries.retryBackOff?.maxInterval == ProtoDuration(seconds: 1))
        #expect(retries.previousPriorities?.updateFrequency == 2)
        #expect(retries.retriableStatusCodes == [503, 504])
        #expect(retries.rateLimitedRetryBackOff?.resetHeaders?.map(\.format) == [.seconds, .unixTimestamp])

        #expect(options.tracing?.routeDescriptor == "checkout")
        #expect(options.tracing?.tracePercentages?.randomSamplePercentage == 12.5)
        #expect(options.tracing?.propagate == false)
        #expect(options.shadowing?.upstream == ResourceRef(name: "shadow", namespace: "gloo-system"))
        #expect(options.shadowing?.percentage == 25)
        #expect(options.shadowing?.hostRewriteLiteral == "shadow.example.com")

        let headers = try #require(options.headerManipulation)
        #expect(
            headers.requestHeadersToAdd?.first
                == HeaderValueOption(key: "x-request", value: "%REQ(:path)%", append: false)
        )
        #expect(
            headers.requestHeadersToAdd?.last?.headerSecretRef == ResourceRef(name: "api-keys", namespace: "default")
        )
        #expect(headers.requestHeadersToRemove == ["x-internal"])
        #expect(headers.responseHeadersToAdd == [ResponseHeaderValueOption(key: "x-served-by", value: "gateway")])
        #expect(headers.responseHeadersToRemove == ["server"])

        #expect(options.hostRewriteType == .auto(true))
        #expect(options.appendXForwardedHost == true)
        #expect(options.cors?.allowOrigin == ["https://example.com"])
        #expect(options.cors?.allowOriginRegex == ["https://[a-z]+\\.example\\.com"])
        #expect(options.cors?.maxAge == "86400")
        #expect(options.cors?.allowCredentials == true)
        #expect(options.cors?.disableForRoute == false)

        let policies = try #require(options.lbHash?.hashPolicies)
        #expect(policies.map(\.keyType) == [.header("x-user"), .cookie(policies[1].cookie!), .sourceIp(true)])
        #expect(policies[0].terminal == true)
        #expect(policies[1].cookie?.ttl == ProtoDuration(seconds: 3600))

        let upgrades = try #require(options.upgrades)
        #expect(upgrades.map { $0.upgradeType?.envoyName } == ["websocket", "CONNECT", "CONNECT"])
        #expect(upgrades[1].connect?.enabled == false)
        #expect(upgrades[2].connectTerminate == ProtocolUpgradeConfig.Spec())

        #expect(options.bufferPerRoute?.buffer?.maxRequestBytes == 65536)
        #expect(options.csrf?.filterEnabled?.defaultValue?.denominator == .hundred)
        #expect(options.csrf?.shadowEnabled?.defaultValue?.denominator?.value == 10_000)
        #expect(options.csrf?.additionalOrigins?[1].ignoreCase == true)
        #expect(options.csrf?.additionalOrigins?[2].safeRegex?.regex == "https://.*\\.example\\.net")

        #expect(options.stagedTransformations?.inheritTransformation == true)
        let passthrough = options.stagedTransformations?.regular?.requestTransforms?.first?.requestTransformation
        #expect(passthrough?.transformationTemplate?.bodyTransformation == .passthrough)

        #expect(options.envoyMetadata?["envoy.filters.http.lua"]?["team"] == .string("payments"))
        #expect(options.envoyMetadata?["envoy.filters.http.lua"]?["weight"] == .number(3))
        #expect(options.regexRewrite?.pattern?.regex == "^/v1/(.*)$")
        #expect(options.regexRewrite?.pattern?.googleRe2?.maxProgramSize == 100)
        #expect(options.regexRewrite?.substitution == "/\\1")
        #expect(options.maxStreamDuration?.grpcTimeoutHeaderOffset == ProtoDuration(seconds: 0, nanos: 100_000_000))
        #expect(options.idleTimeout == ProtoDuration(seconds: 300))
        #expect(options.unenforcedOptionNames == [])
    }

    @Test("host rewrite oneof members")
    func hostRewriteKinds() throws {
        let literal = try decodeClean(RouteOptions.self, "hostRewrite: api.example.com")
        #expect(literal.hostRewriteType == .literal("api.example.com"))
        let header = try decodeClean(RouteOptions.self, "hostRewriteHeader: x-host")
        #expect(header.hostRewriteType == .header("x-host"))
        let regex = try decodeClean(
            RouteOptions.self,
            """
            hostRewritePathRegex:
              pattern: {regex: '^/(.+)/.*$'}
              substitution: '\\1.internal'
            """
        )
        #expect(regex.hostRewriteType == .pathRegex(RegexRewrite(regex: "^/(.+)/.*$", substitution: "\\1.internal")))
        var both = literal
        both.autoHostRewrite = true
        #expect(both.hostRewriteType == nil)
    }

    @Test("Enterprise and external-service options decode as written and are reported")
    func enterpriseRouteOptions() throws {
        let yaml = """
            prefixRewrite: /
            waf:
              customInterventionMessage: denied
              ruleSets:
              - ruleStr: SecRuleEngine On
            jwtStaged:
              beforeExtAuth:
                providers:
                  kube: {issuer: kubernetes/serviceaccount}
            rbac: {disable: true}
            extauth:
              configRef: {name: basic-auth, namespace: gloo-system}
            dlp:
              actions:
              - actionType: SSN
            ratelimitBasic:
              anonymousLimits: {requestsPerUnit: 10, unit: MINUTE}
            ratelimit:
              includeVhRateLimits: true
              rateLimits:
              - actions:
                - genericKey: {descriptorValue: per-route}
            rateLimitEarlyConfigs:
              refs:
              - {name: early, namespace: gloo-system}
            ratelimitRegular: {rateLimits: []}
            extProcEarly: {disabled: true}
            extProc: {overrides: {processingMode: {requestHeaderMode: SKIP}}}
            extProcLate: {disabled: true}
            ai: {promptGuard: {}}
            extensions:
              configs:
                my-plugin: {enabled: true}
            jwt: {disable: true}
            """
        let options = try decodeClean(RouteOptions.self, yaml)
        #expect(options.waf?["customInterventionMessage"] == .string("denied"))
        #expect(options.extauth?["configRef"]?["name"] == .string("basic-auth"))
        #expect(options.prefixRewrite == "/")
        #expect(
            options.unenforcedOptionNames == [
                "extensions", "ratelimitBasic", "rateLimitEarlyConfigs", "ratelimit", "ratelimitRegular", "waf",
                "jwt", "jwtStaged", "rbac", "extauth", "dlp", "extProcEarly", "extProc", "extProcLate", "ai",
            ]
        )
        // Every typed option is enforced.
        #expect(try decodeClean(RouteOptions.self, Self.fullRouteOptions).unenforcedOptionNames == [])
    }

    @Test("a null Enterprise option is not set and not reported")
    func nullOptionIsUnset() throws {
        let options = try decode(RouteOptions.self, "waf: null\ntimeout: 1s").value
        #expect(options.unenforcedOptionNames == [])
        let parent = try decode(RouteOptions.self, "waf: {disabled: true}").value
        #expect(options.shallowMerged(withParent: parent).waf == parent.waf)
    }

    @Test("misspelled fields are reported with their paths")
    func misspelledFields() throws {
        let yaml = """
            prefixRewrit: /
            retries:
              numRetry: 3
            stagedTransformations:
              regular:
                requestTransforms:
                - matchers:
                  - prefix: /a
                  requestTransformation:
                    transformationTemplate:
                      extractors:
                        id: {header: ':path', regexp: '.*'}
            """
        let result = try decode(RouteOptions.self, yaml)
        #expect(
            result.unknownFields.map(\.path) == [
                "prefixRewrit",
                "retries.numRetry",
                "stagedTransformations.regular.requestTransforms[0].matchers",
                "stagedTransformations.regular.requestTransforms[0].requestTransformation.transformationTemplate"
                    + ".extractors.id.regexp",
            ]
        )
        #expect(
            result.unknownFields.first?.location == GatewayModel.SourceLocation(file: "test.yaml", line: 1, column: 1)
        )
        #expect(result.value.prefixRewrite == nil)
    }

    // MARK: - Transformations

    @Test("staged transformations with matchers, extractors and response matches")
    func stagedTransformations() throws {
        let yaml = """
            stagedTransformations:
              escapeCharacters: true
              logRequestResponseInfo: false
              early:
                requestTransforms:
                - matcher:
                    prefix: /users
                    headers:
                    - {name: x-tenant, value: acme}
                    methods: [POST]
                  clearRouteCache: true
                  requestTransformation:
                    logRequestResponseInfo: true
                    transformationTemplate:
                      parseBodyBehavior: DontParse
                      extractors:
                        foo:
                          header: ':path'
                          regex: '.*foo=([^&]*).*'
                          subgroup: 1
                        bodyId:
                          body: {}
                          regex: '[\\s\\S]*id: ([0-9]{4})[\\s\\S]*'
                          subgroup: 1
                        cleaned:
                          header: x-raw
                          regex: 'secret'
                          mode: REPLACE_ALL
                          replacementText: '***'
                      headers:
                        ':path': {text: '/v2{{ header(":path") }}'}
                        x-foo: {text: '{{ foo }}'}
                      headersToAppend:
                      - key: x-seen
                        value: {text: '1'}
                      headersToRemove: [x-raw]
                      body: {text: '{"id": "{{ bodyId }}"}'}
                      dynamicMetadataValues:
                      - metadataNamespace: example.ns
                        key: user
                        value: {text: '{{ foo }}'}
                        jsonToProto: true
                      spanTransformer:
                        name: {text: '{{ header(":authority") }}'}
                      escapeCharacters: false
                      ignoreErrorOnParse: true
                      advancedTemplates: false
                responseTransforms:
                - matchers:
                  - {name: ':status', value: '429'}
                  responseCodeDetails: rate_limited
                  responseTransformation:
                    transformationTemplate:
                      headers:
                        ':status': {text: '503'}
              regular:
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      mergeExtractorsToBody: {}
                      extractors:
                        host.name: {header: ':authority', regex: '(.*)'}
                - requestTransformation:
                    transformationTemplate:
                      mergeJsonKeys:
                        jsonKeys:
                          path:
                            tmpl: {text: '"{{ header(\\":path\\") }}"'}
                            overrideEmpty: true
                  responseTransformation:
                    headerBodyTransform: {addRequestMetadata: true}
              postRouting:
                requestTransforms:
                - requestTransformation:
                    transformationTemplate:
                      headers:
                        x-upstream: {text: '{{ host_metadata("zone") }}'}
            """
        let options = try decodeClean(RouteOptions.self, yaml)
        let stages = try #require(options.stagedTransformations)
        #expect(stages.escapeCharacters == true)
        #expect(stages.logRequestResponseInfo == false)

        let early = try #require(stages.early?.requestTransforms?.first)
        #expect(early.matcher?.prefix == "/users")
        #expect(early.matcher?.headers == [HeaderMatcher(name: "x-tenant", value: "acme")])
        #expect(early.matcher?.methods == ["POST"])
        #expect(early.clearRouteCache == true)
        #expect(early.requestTransformation?.logRequestResponseInfo == true)
        let template = try #require(early.requestTransformation?.transformationTemplate)
        #expect(template.parseBodyBehavior == .dontParse)
        #expect(template.extractors?["foo"]?.source == .header(":path"))
        #expect(template.extractors?["foo"]?.subgroup == 1)
        #expect(template.extractors?["foo"]?.mode == nil)
        #expect(template.extractors?["bodyId"]?.source == .body)
        #expect(template.extractors?["cleaned"]?.mode == .replaceAll)
        #expect(template.extractors?["cleaned"]?.replacementText == "***")
        #expect(template.headers?[":path"]?.text == "/v2{{ header(\":path\") }}")
        #expect(template.headersToAppend == [.init(key: "x-seen", value: "1")])
        #expect(template.headersToRemove == ["x-raw"])
        #expect(template.bodyTransformation == .body(InjaTemplate("{\"id\": \"{{ bodyId }}\"}")))
        #expect(template.dynamicMetadataValues?.first?.metadataNamespace == "example.ns")
        #expect(template.dynamicMetadataValues?.first?.jsonToProto == true)
        #expect(template.spanTransformer?.name?.text == "{{ header(\":authority\") }}")
        #expect(template.escapeCharacters == false)
        #expect(template.ignoreErrorOnParse == true)
        #expect(template.advancedTemplates == false)

        let response = try #require(stages.early?.responseTransforms?.first)
        #expect(response.matchers == [HeaderMatcher(name: ":status", value: "429")])
        #expect(response.responseCodeDetails == "rate_limited")
        #expect(response.responseTransformation?.transformationTemplate?.headers?[":status"] == InjaTemplate("503"))

        let regular = try #require(stages.regular?.requestTransforms)
        #expect(regular[0].requestTransformation?.transformationTemplate?.bodyTransformation == .mergeExtractorsToBody)
        let merge = try #require(regular[1].requestTransformation?.transformationTemplate?.mergeJsonKeys)
        #expect(merge.jsonKeys?["path"]?.overrideEmpty == true)
        #expect(merge.jsonKeys?["path"]?.tmpl?.text == "\"{{ header(\\\":path\\\") }}\"")
        #expect(regular[1].requestTransformation?.transformationTemplate?.bodyTransformation == .mergeJsonKeys(merge))
        #expect(regular[1].responseTransformation?.headerBodyTransform?.addRequestMetadata == true)
        #expect(stages.postRouting?.requestTransforms?.count == 1)
    }

    @Test("a template with no body choice keeps the body; several choices are ambiguous")
    func bodyTransformationChoice() {
        var template = TransformationTemplate()
        #expect(template.bodyTransformation == .unchanged)
        template.passthrough = .init()
        template.body = InjaTemplate("x")
        #expect(template.bodyTransformation == nil)
    }

    @Test("enums decode from their names or numbers and encode as names")
    func enumsByNumber() throws {
        let template = try decode(
            TransformationTemplate.self,
            "parseBodyBehavior: 1\nextractors: {a: {header: x, regex: '.*', mode: 2}}"
        ).value
        #expect(template.parseBodyBehavior == .dontParse)
        #expect(template.extractors?["a"]?.mode == .replaceAll)
        let encoded = try ConfigEncoder().encode(template)
        #expect(encoded["parseBodyBehavior"] == .string("DontParse"))
        #expect(encoded["extractors"]?["a"]?["mode"] == .string("REPLACE_ALL"))
        #expect(throws: ConfigDecodingError.self) {
            try decode(TransformationTemplate.self, "parseBodyBehavior: ParseAsXML")
        }
    }

    @Test("legacy transformations, including the removed XSLT form")
    func legacyTransformations() throws {
        let yaml = """
            transformations:
              clearRouteCache: true
              requestTransformation:
                transformationTemplate:
                  headers:
                    ':path': {text: '/json'}
              responseTransformation:
                xsltTransformation:
                  xslt: '<xsl:stylesheet/>'
                  setContentType: application/json
            """
        let options = try decodeClean(VirtualHostOptions.self, yaml)
        let legacy = try #require(options.transformations)
        #expect(legacy.asRequestMatch.clearRouteCache == true)
        #expect(legacy.asRequestMatch.matcher == nil)
        #expect(legacy.asRequestMatch.requestTransformation == legacy.requestTransformation)
        let xslt = try #require(legacy.responseTransformation?.xsltTransformation)
        #expect(legacy.responseTransformation?.kind == .xslt(xslt))
        #expect(xslt["setContentType"] == .string("application/json"))
    }

    // MARK: - VirtualHostOptions, WeightedDestinationOptions

    @Test("VirtualHostOptions typed fields decode and round-trip")
    func virtualHostOptions() throws {
        let yaml = """
            retries: {retryOn: reset, numRetries: 2}
            stats:
              virtualClusters:
              - {name: users, pattern: '/users/.*', method: GET}
            headerManipulation:
              responseHeadersToAdd:
              - header: {key: x-vh, value: '1'}
                append: true
            cors:
              allowOrigin: ['*']
              exposeHeaders: [x-a]
            corsPolicyMergeSettings: {exposeHeaders: UNION}
            includeRequestAttemptCount: true
            includeAttemptCountInResponse: false
            bufferPerRoute: {disabled: true}
            csrf:
              filterEnabled: {defaultValue: {numerator: 1, denominator: MILLION}}
            stagedTransformations:
              regular:
                responseTransforms:
                - responseTransformation:
                    transformationTemplate: {headersToRemove: [server]}
            extauth: {disable: true}
            jwtStaged: {afterExtAuth: {}}
            """
        let options = try decodeClean(VirtualHostOptions.self, yaml)
        #expect(options.retries?.numRetries == 2)
        #expect(options.stats?.virtualClusters?.first?.method == "GET")
        #expect(options.headerManipulation?.responseHeadersToAdd?.first?.append == true)
        #expect(options.corsPolicyMergeSettings?.exposeHeaders == .union)
        #expect(options.includeRequestAttemptCount == true)
        #expect(options.includeAttemptCountInResponse == false)
        #expect(options.bufferPerRoute?.disabled == true)
        #expect(options.csrf?.filterEnabled?.defaultValue?.denominator == .million)
        #expect(options.stagedTransformations?.regular?.responseTransforms?.count == 1)
        #expect(options.unenforcedOptionNames == ["jwtStaged", "extauth"])
    }

    @Test("WeightedDestinationOptions decode, round-trip and report")
    func weightedDestinationOptions() throws {
        let yaml = """
            headerManipulation:
              requestHeadersToAdd:
              - header: {key: x-canary, value: 'true'}
            transformations:
              requestTransformation:
                transformationTemplate: {headers: {x-dest: {text: b}}}
            stagedTransformations:
              early:
                requestTransforms:
                - requestTransformation: {headerBodyTransform: {}}
            bufferPerRoute: {buffer: {maxRequestBytes: 1024}}
            csrf: {additionalOrigins: [{prefix: 'https://'}]}
            extauth: {customAuth: {name: my-auth}}
            extensions: {configs: {}}
            """
        let options = try decodeClean(WeightedDestinationOptions.self, yaml)
        #expect(
            options.headerManipulation?.requestHeadersToAdd?.first?.header
                == HeaderValue(key: "x-canary", value: "true")
        )
        #expect(options.transformations?.requestTransformation?.transformationTemplate?.headers?["x-dest"]?.text == "b")
        #expect(
            options.stagedTransformations?.early?.requestTransforms?.first?.requestTransformation?.kind
                == .headerBody(.init())
        )
        #expect(options.bufferPerRoute?.buffer?.maxRequestBytes == 1024)
        #expect(options.csrf?.additionalOrigins?.first?.prefix == "https://")
        #expect(options.unenforcedOptionNames == ["extensions", "extauth"])
        #expect(WeightedDestinationOptions.optionFields.names == storedPropertyNames(WeightedDestinationOptions()))
    }

    // MARK: - Listener options

    @Test("HttpListenerOptions keep filter settings as written and report Enterprise ones")
    func httpListenerOptions() throws {
        let yaml = """
            httpConnectionManagerSettings:
              useRemoteAddress: true
              xffNumTrustedHops: 1
              serverName: gateway
              idleTimeout: 60s
            gzip: {compressionLevel: BEST, contentLength: 1024}
            grpcWeb: {disable: true}
            healthCheck: {path: /healthz}
            buffer: {maxRequestBytes: 1048576}
            csrf: {filterEnabled: {defaultValue: {numerator: 100}}}
            router: {suppressEnvoyHeaders: true}
            waf: {disabled: true}
            disableExtProc: true
            sanitizeClusterHeader: false
            leftmostXffAddress: true
            dynamicForwardProxy: {}
            tap: {sinks: []}
            """
        let options = try decodeClean(HttpListenerOptions.self, yaml)
        #expect(options.httpConnectionManagerSettings?["xffNumTrustedHops"] == .number(1))
        #expect(options.buffer?.maxRequestBytes == 1_048_576)
        #expect(options.csrf?.filterEnabled?.defaultValue?.numerator == 100)
        #expect(options.disableExtProc == true)
        // `false` flags, disable flags and `null` ask for nothing; `tap: {sinks: []}` is a present message.
        #expect(options.unenforcedOptionNames == ["waf", "leftmostXffAddress", "dynamicForwardProxy", "tap"])
        #expect(HttpListenerOptions.optionFields.names == storedPropertyNames(HttpListenerOptions()))
    }

    @Test("ListenerOptions decode, merge and report")
    func listenerOptions() throws {
        let yaml = """
            perConnectionBufferLimitBytes: 32768
            socketOptions:
            - {level: 1, name: 9, intValue: 1, state: STATE_LISTENING}
            proxyProtocol: {allowRequestsWithoutProxyProtocol: true}
            accessLoggingService:
              accessLog:
              - fileSink: {path: /dev/stdout, stringFormat: '%START_TIME%'}
            connectionBalanceConfig: {exactBalance: {}}
            tcpStats: true
            """
        let options = try decodeClean(ListenerOptions.self, yaml)
        #expect(options.perConnectionBufferLimitBytes == 32768)
        #expect(options.socketOptions?.count == 1)
        #expect(options.unenforcedOptionNames == ["connectionBalanceConfig", "tcpStats"])
        var child = ListenerOptions()
        child.perConnectionBufferLimitBytes = 1
        child.socketOptions = []
        let merged = child.shallowMerged(withParent: options)
        #expect(merged.perConnectionBufferLimitBytes == 1)
        #expect(merged.socketOptions == options.socketOptions)
        #expect(merged.tcpStats == true)
        var quiet = ListenerOptions()
        quiet.tcpStats = false
        #expect(quiet.unenforcedOptionNames == [])
    }

    // MARK: - Shallow merge

    /// A value for every RouteOptions field, `oneof` members included (the decoder does not enforce
    /// `oneof`s, which lets one document set all of them).
    private static let everyRouteOption =
        fullRouteOptions + """

            hostRewrite: a.example.com
            hostRewritePathRegex: {pattern: {regex: a}, substitution: b}
            hostRewriteHeader: x-host
            extensions: {configs: {}}
            ratelimitBasic: {}
            ratelimitEarly: {}
            rateLimitEarlyConfigs: {}
            ratelimit: {}
            rateLimitConfigs: {}
            ratelimitRegular: {}
            rateLimitRegularConfigs: {}
            waf: {}
            jwt: {}
            jwtStaged: {}
            jwtProvidersStaged: {}
            rbac: {}
            extauth: {}
            dlp: {}
            extProcEarly: {}
            extProc: {}
            extProcLate: {}
            ai: {}
            """

    private static let everyVirtualHostOption = """
        extensions: {}
        retries: {numRetries: 1}
        stats: {virtualClusters: [{name: a}]}
        headerManipulation: {requestHeadersToRemove: [a]}
        cors: {allowOrigin: [a]}
        transformations: {clearRouteCache: true}
        ratelimitBasic: {}
        ratelimitEarly: {}
        rateLimitEarlyConfigs: {}
        ratelimit: {}
        rateLimitConfigs: {}
        ratelimitRegular: {}
        rateLimitRegularConfigs: {}
        waf: {}
        jwt: {}
        jwtStaged: {}
        rbac: {}
        extauth: {}
        dlp: {}
        bufferPerRoute: {disabled: true}
        csrf: {}
        includeRequestAttemptCount: false
        includeAttemptCountInResponse: false
        stagedTransformations: {inheritTransformation: true}
        extProcEarly: {}
        extProc: {}
        extProcLate: {}
        corsPolicyMergeSettings: {exposeHeaders: UNION}
        """

    @Test("the field tables list every stored property, in declaration order")
    func fieldTablesAreComplete() {
        #expect(RouteOptions.optionFields.names == storedPropertyNames(RouteOptions()))
        #expect(VirtualHostOptions.optionFields.names == storedPropertyNames(VirtualHostOptions()))
        #expect(WeightedDestinationOptions.optionFields.names == storedPropertyNames(WeightedDestinationOptions()))
        #expect(HttpListenerOptions.optionFields.names == storedPropertyNames(HttpListenerOptions()))
        #expect(ListenerOptions.optionFields.names == storedPropertyNames(ListenerOptions()))
    }

    @Test("merging a fully populated parent into empty RouteOptions keeps every field")
    func routeMergeCoversEveryField() throws {
        let parent = try decodeClean(RouteOptions.self, Self.everyRouteOption)
        #expect(try keys(parent) == storedPropertyNames(RouteOptions()))
        let merged = RouteOptions().shallowMerged(withParent: parent)
        #expect(try keys(merged) == storedPropertyNames(RouteOptions()))
        #expect(merged == parent)
        // A fully populated child keeps all of its own values.
        #expect(parent.shallowMerged(withParent: RouteOptions()) == parent)
    }

    @Test("merging a fully populated parent into empty VirtualHostOptions keeps every field")
    func virtualHostMergeCoversEveryField() throws {
        let parent = try decodeClean(VirtualHostOptions.self, Self.everyVirtualHostOption)
        #expect(try keys(parent) == storedPropertyNames(VirtualHostOptions()))
        let merged = VirtualHostOptions().shallowMerged(withParent: parent)
        #expect(try keys(merged) == storedPropertyNames(VirtualHostOptions()))
        #expect(merged == parent)
    }

    @Test("the child's set fields win; unset and empty ones are filled from the parent")
    func routeMergeChildWins() throws {
        let child = try decodeClean(
            RouteOptions.self,
            """
            timeout: 5s
            retries: {}
            autoHostRewrite: false
            upgrades: []
            envoyMetadata: {}
            prefixRewrite: ''
            cors: {allowOrigin: [child]}
            """
        )
        let parent = try decodeClean(
            RouteOptions.self,
            """
            timeout: 30s
            retries: {numRetries: 4}
            hostRewrite: parent.example.com
            upgrades: [{websocket: {}}]
            envoyMetadata: {ns: {a: 1}}
            prefixRewrite: /parent
            cors: {allowMethods: [GET]}
            idleTimeout: 9s
            ratelimit: {rateLimits: []}
            rateLimitConfigs: {refs: []}
            """
        )
        let merged = child.shallowMerged(withParent: parent)
        #expect(merged.timeout == ProtoDuration(seconds: 5))
        // An empty message and an empty string are set.
        #expect(merged.retries == RetryPolicy())
        #expect(merged.prefixRewrite == "")
        // Shallow: the child's CORS policy is not combined with the parent's.
        #expect(merged.cors?.allowOrigin == ["child"])
        #expect(merged.cors?.allowMethods == nil)
        // A oneof merges as a unit: `autoHostRewrite: false` keeps the parent's `hostRewrite` out.
        #expect(merged.hostRewriteType == .auto(false))
        #expect(merged.hostRewrite == nil)
        // Empty lists and maps are unset.
        #expect(merged.upgrades == parent.upgrades)
        #expect(merged.envoyMetadata == parent.envoyMetadata)
        #expect(merged.idleTimeout == ProtoDuration(seconds: 9))
        // Both members of an unset oneof come from the parent.
        #expect(merged.ratelimit == parent.ratelimit)
        #expect(merged.rateLimitConfigs == parent.rateLimitConfigs)
        #expect(merged.unenforcedOptionNames == ["ratelimit", "rateLimitConfigs"])
    }

    @Test("VirtualHostOptions merge keeps `false` flags of the child")
    func virtualHostMerge() throws {
        var child = VirtualHostOptions()
        child.includeRequestAttemptCount = false
        child.jwt = ConfigValue.object(["disable": .bool(true)])
        var parent = VirtualHostOptions()
        parent.includeRequestAttemptCount = true
        parent.includeAttemptCountInResponse = true
        parent.jwtStaged = ConfigValue.object([:])
        parent.stagedTransformations = TransformationStages()
        let merged = child.shallowMerged(withParent: parent)
        #expect(merged.includeRequestAttemptCount == false)
        #expect(merged.includeAttemptCountInResponse == true)
        #expect(merged.jwt == child.jwt)
        #expect(merged.jwtStaged == nil)
        #expect(merged.stagedTransformations == TransformationStages())
    }
}
