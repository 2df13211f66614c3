internal import GatewayModel
internal import SwiftProtobuf

extension RouteConfigurationTranslation {
    /// One Proxy route as Envoy routes, appended to `routes`: one per matcher (a route without matchers matches
    /// `prefix: /`), named `<virtual host>-route-<index>[-<route name>]-matcher-<j>` and sharing one action and
    /// options, as Gloo's `initRoutes` builds them. Nothing (with errors) when Envoy would reject any part of
    /// the route.
    mutating func translateRoute(
        _ route: Route,
        index: Int,
        hostName: String,
        hostOptions: VirtualHostOptions?,
        hostOrigin: ListenerOrigin,
        into routes: inout [Envoy_Config_Route_V3_Route],
        context: inout TranslationContext
    ) {
        let generatedName = "\(hostName)-route-\(index)"
        let listenerOrigin = ListenerOrigin(route: index, metadata: route.metadataStatic, in: hostOrigin)
        let origin = RouteOrigin(origin: listenerOrigin, route: route, envoyName: generatedName)
        var report = ListenerPartReport()
        let before = filters

        var matches: [Envoy_Config_Route_V3_RouteMatch] = []
        let matchers = route.matchers ?? []
        if matchers.isEmpty {
            matches.append(MatcherTranslation.defaultMatch)
        }
        for matcher in matchers {
            if let match = MatcherTranslation.routeMatch(matcher, report: &report, regexes: &regexes) {
                matches.append(match)
            }
        }

        var template = Envoy_Config_Route_V3_Route()
        switch route.action {
        case .route(let action)?:
            if let translated = translateRouteAction(action, origin: origin, report: &report, context: &context) {
                template.route = translated.action
                template.typedPerFilterConfig.merge(translated.perFilterConfig) { _, new in new }
            }
        case .redirect(let redirect)?:
            if let translated = redirectAction(redirect, report: &report) { template.redirect = translated }
        case .directResponse(let response)?:
            if let translated = directResponseAction(response, report: &report) { template.directResponse = translated }
        case .delegate?:
            report.fail("delegateAction cannot appear in a Proxy: delegation is resolved when the Proxy is built")
        case nil:
            if route.graphqlApiRef != nil {
                report.fail(
                    ListenerPartReport.notSent("graphqlApiRef", at: "route '\(generatedName)'", expressible: false)
                )
            } else if route.actionCount > 1 {
                report.fail("invalid route: route must specify exactly one action")
            } else {
                report.fail("invalid route: route must specify an action")
            }
        }
        route.withOptions { options in
            applyRouteOptions(
                options,
                to: &template,
                hostOptions: hostOptions,
                origin: origin,
                report: &report,
                context: &context
            )
        }

        if !report.errors.isEmpty || !report.warnings.isEmpty {
            // Locating the route in its source scans that resource's routes: only done when there is news.
            let location = origin.route(in: resources)
            var described = ListenerPartReport()
            for error in report.errors { described.fail("\(location.path): \(error). Route Name: \(generatedName)") }
            for warning in report.warnings { described.warn(warning) }
            described.flush(to: location.targets, in: &context)
        }
        guard report.isValid else {
            filters = before
            return
        }
        let routeName = route.name ?? ""
        func name(_ position: Int) -> String {
            routeName.isEmpty
                ? "\(generatedName)-matcher-\(position)" : "\(generatedName)-\(routeName)-matcher-\(position)"
        }
        guard let lastMatch = matches.last else { return }
        for (position, match) in matches.dropLast().enumerated() {
            var out = template
            out.match = match
            out.name = name(position)
            routes.append(out)
        }
        // The last route is the template itself, so a route with one matcher copies nothing.
        template.match = lastMatch
        template.name = name(matches.count - 1)
        routes.append(template)
    }

    /// Gloo's redirect action: every field as written; `regexRewrite` must be a valid regex.
    private mutating func redirectAction(
        _ redirect: RedirectAction,
        report: inout ListenerPartReport
    )
        -> Envoy_Config_Route_V3_RedirectAction?
    {
        var out = Envoy_Config_Route_V3_RedirectAction()
        var valid = true
        out.hostRedirect = redirect.hostRedirect ?? ""
        let rewrites = [redirect.pathRedirect != nil, redirect.prefixRewrite != nil, redirect.regexRewrite != nil]
        if rewrites.filter({ $0 }).count > 1 {
            report.fail("redirectAction: only one of pathRedirect, prefixRewrite and regexRewrite may be set")
            valid = false
        }
        if let path = redirect.pathRedirect {
            out.pathRedirect = path
        } else if let prefix = redirect.prefixRewrite {
            out.prefixRewrite = prefix
        } else if let rewrite = redirect.regexRewrite {
            if let translated = regexRewrite(rewrite, "redirectAction.regexRewrite", report: &report) {
                out.regexRewrite = translated
            } else {
                valid = false
            }
        }
        switch redirect.responseCode ?? .movedPermanently {
        case .movedPermanently: out.responseCode = .movedPermanently
        case .found: out.responseCode = .found
        case .seeOther: out.responseCode = .seeOther
        case .temporaryRedirect: out.responseCode = .temporaryRedirect
        case .permanentRedirect: out.responseCode = .permanentRedirect
        }
        if redirect.httpsRedirect == true { out.httpsRedirect = true }
        out.stripQuery = redirect.stripQuery ?? false
        if let port = redirect.portRedirect {
            guard port <= 65535 else {
                report.fail("redirectAction.portRedirect \(port) is not a port")
                return nil
            }
            out.portRedirect = port
        }
        for (value, what) in [(out.hostRedirect, "hostRedirect"), (redirect.pathRedirect ?? "", "pathRedirect")]
        where !MatcherTranslation.isHeaderValue(value) {
            report.fail("redirectAction.\(what) contains NUL, CR or LF")
            valid = false
        }
        return valid ? out : nil
    }

    /// A direct response: the status must be in [200, 600) and the body within the configuration's limit.
    private func directResponseAction(
        _ response: DirectResponseAction,
        report: inout ListenerPartReport
    )
        -> Envoy_Config_Route_V3_DirectResponseAction?
    {
        let status = response.status ?? 0
        guard (200..<600).contains(status) else {
            report.fail("directResponseAction.status \(status) is outside [200, 600), which Envoy rejects")
            return nil
        }
        var out = Envoy_Config_Route_V3_DirectResponseAction()
        out.status = status
        if let body = response.body, !body.isEmpty {
            guard body.utf8.count <= maxDirectResponseBodyBytes else {
                report.fail(
                    "directResponseAction.body has \(body.utf8.count) bytes; Envoy accepts at most \(maxDirectResponseBodyBytes) (routeOptions.maxDirectResponseBodySizeBytes)"
                )
                return nil
            }
            out.body.inlineString = body
        }
        return out
    }

    /// A regex rewrite with a valid pattern.
    mutating func regexRewrite(
        _ rewrite: RegexRewrite,
        _ what: String,
        report: inout ListenerPartReport
    )
        -> Envoy_Type_Matcher_V3_RegexMatchAndSubstitute?
    {
        let pattern = rewrite.pattern?.regex ?? ""
        guard regexes.check(pattern, "the \(what) pattern", report: &report) else { return nil }
        var out = Envoy_Type_Matcher_V3_RegexMatchAndSubstitute()
        out.pattern = MatcherTranslation.regexMatcher(pattern)
        out.substitution = rewrite.substitution ?? ""
        return out
    }
}
