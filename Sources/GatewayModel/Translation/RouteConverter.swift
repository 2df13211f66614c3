/// Flattens the routes of one VirtualService through delegation, depth first and in order, exactly as Gloo
/// Edge's route converter does: route names, matcher and option inheritance, weight groups, sorting of
/// equal-weight tables, cycle detection, and the same errors and warnings.
struct RouteConverter {
    let virtualService: Resource<VirtualServiceSpec>
    let gatewayName: String
    let proxyName: String
    let routeTables: [Resource<RouteTableSpec>]
    /// Resources that could not be read; delegating to one is an error, so the VirtualService keeps its
    /// last valid version instead of silently losing routes.
    let rejectedInput: Set<ResourceID>
    private(set) var reports = ResourceReports()
    private let generations: [ResourceID: Int64]

    /// Route tables may delegate this many levels deep. Gloo has no limit; a bound keeps the depth-first walk
    /// far from the stack limit (real configurations use a handful of levels).
    static let maxDelegationDepth = 32

    /// `generations` (`metadata.generation` by resource) fill `observedGeneration` in each route's
    /// `metadataStatic.sources`.
    init(
        virtualService: Resource<VirtualServiceSpec>,
        gatewayName: String,
        proxyName: String,
        routeTables: [Resource<RouteTableSpec>],
        generations: [ResourceID: Int64] = [:],
        rejectedInput: Set<ResourceID> = []
    ) {
        self.rejectedInput = rejectedInput
        self.virtualService = virtualService
        self.gatewayName = gatewayName
        self.proxyName = proxyName
        self.routeTables = routeTables
        self.generations = generations
    }

    /// The resource whose routes are being visited.
    private enum Owner {
        case virtualService(Resource<VirtualServiceSpec>)
        case routeTable(Resource<RouteTableSpec>)

        var id: ResourceID {
            switch self {
            case .virtualService(let resource): ResourceID(resource)
            case .routeTable(let resource): ResourceID(resource)
            }
        }

        var namespace: String {
            switch self {
            case .virtualService(let resource): resource.namespace
            case .routeTable(let resource): resource.namespace
            }
        }

        var name: String {
            switch self {
            case .virtualService(let resource): resource.name
            case .routeTable(let resource): resource.name
            }
        }

        var routes: [Route] {
            switch self {
            case .virtualService(let resource): resource.spec.virtualHost?.routes ?? []
            case .routeTable(let resource): resource.spec.routes ?? []
            }
        }
    }

    /// What a delegated table inherits from the route that delegated to it.
    private struct ParentRoute {
        var matcher: Matcher
        @IndirectOptional var options: RouteOptions? = nil
        var name: String
        var hasName: Bool
        var inheritableMatchers: Bool
        var inheritablePathMatchers: Bool
    }

    /// The routes of the virtual host, in order.
    mutating func convert() -> [Route] {
        var routes: [Route] = []
        visit(
            .virtualService(virtualService),
            parent: nil,
            visited: [],
            sources: [ResourceID(virtualService)],
            into: &routes
        )
        return routes
    }

    // MARK: - Visiting

    /// Appends the routes of `owner` to `output`, following delegation.
    private mutating func visit(
        _ owner: Owner,
        parent: ParentRoute?,
        visited: [ResourceID],
        sources: [ResourceID],
        into output: inout [Route]
    ) {
        // Every route of this resource shares one value.
        var branchMetadata: ConfigValue?
        for (index, original) in owner.routes.enumerated() {
            var route = original
            let hasName = !(route.name ?? "").isEmpty || parent?.hasName == true
            // Names are spelled out only where they are kept: on named branches, and for delegating routes,
            // whose tables extend them.
            if hasName || route.delegateAction != nil {
                route.name = routeName(owner: owner, route: route, parent: parent, index: index)
            }

            for ref in route.optionsConfigRefs?.delegateOptions ?? [] {
                // RouteOption resources are not read by this library: the reference cannot be resolved.
                let resolved = ref.resolved(in: owner.namespace)
                addWarning(owner, "list did not find routeOption \(resolved.namespace ?? "").\(resolved.name)")
            }

            if let parent {
                switch Self.mergeWithParent(route, parent) {
                case .success(let merged): route = merged
                case .failure(let warning):
                    // Gloo reports incompatible children as warnings so one bad table does not remove the
                    // whole virtual host.
                    addWarning(owner, warning.message)
                    continue
                }
            } else if route.withOptions({ $0.stagedTransformations?.inheritTransformation }) == true {
                Self.inheritStagedTransformations(
                    &route,
                    from: virtualService.spec.virtualHost?.withOptions(\.stagedTransformations) ?? nil
                )
            }

            guard route.actionCount <= 1 else {
                addError(owner, "invalid route: route must specify exactly one action")
                continue
            }

            if let delegate = route.delegateAction {
                visitDelegate(
                    delegate,
                    of: route,
                    name: route.name ?? "",
                    hasName: hasName,
                    owner: owner,
                    visited: visited,
                    sources: sources,
                    into: &output
                )
                continue
            }

            if !hasName { route.name = nil }
            if route.routeAction != nil {
                Self.defaultUpstreamNamespaces(&route, to: owner.namespace)
            }
            guard
                route.routeAction != nil || route.redirectAction != nil || route.directResponseAction != nil
                    || route.graphqlApiRef != nil
            else {
                addError(owner, "invalid route: route must specify an action")
                continue
            }
            if (route.matchers ?? []).isEmpty { route.matchers = [.prefix("/")] }
            route.optionsConfigRefs = nil
            route.inheritableMatchers = nil
            route.inheritablePathMatchers = nil
            // Gloo appends each resource's source as the walk returns: innermost table first, VirtualService last.
            if branchMetadata == nil {
                branchMetadata = SourceMetadata.value(Array(sources.reversed()), generations: generations)
            }
            route.metadataStatic = branchMetadata
            output.append(route)
        }
    }

    private mutating func visitDelegate(
        _ delegate: DelegateAction,
        of route: Route,
        name: String,
        hasName: Bool,
        owner: Owner,
        visited: [ResourceID],
        sources: [ResourceID],
        into output: inout [Route]
    ) {
        let matcher: Matcher
        switch Self.delegateMatcher(route) {
        case .success(let found): matcher = found
        case .failure(let error):
            addError(owner, error.message)
            return
        }

        let tables: [Resource<RouteTableSpec>]
        switch selectTables(delegate, ownerNamespace: owner.namespace) {
        case .success(let found): tables = found
        case .failure(let problem):
            if problem.isError { addError(owner, problem.message) } else { addWarning(owner, problem.message) }
            return
        }

        let parent = ParentRoute(
            matcher: matcher,
            options: route.options,
            name: name,
            hasName: hasName,
            inheritableMatchers: route.inheritableMatchers ?? false,
            inheritablePathMatchers: route.inheritablePathMatchers ?? false
        )
        let weights = Set(tables.map { $0.spec.weight ?? 0 }).sorted()
        for weight in weights {
            let group = tables.filter { ($0.spec.weight ?? 0) == weight }
            // Only tables that share a weight are sorted, to keep `/foo` from shadowing `/foo/bar`.
            let sorts = group.count > 1
            var groupRoutes: [Route] = []
            for table in group {
                let id = ResourceID(table)
                if visited.contains(id) {
                    let cycle = (visited + [id]).map { "[\($0.namespace).\($0.name)]" }.joined(separator: " -> ")
                    addError(.routeTable(table), "invalid route: delegation cycle detected: \(cycle)")
                    continue
                }
                if visited.count >= Self.maxDelegationDepth {
                    let chain = (visited + [id]).map { "[\($0.namespace).\($0.name)]" }.joined(separator: " -> ")
                    addError(
                        .routeTable(table),
                        "invalid route: delegation is nested more than \(Self.maxDelegationDepth) route tables deep: \(chain)"
                    )
                    continue
                }
                if rejectedInput.contains(id) {
                    addError(owner, "route table \(id.namespace).\(id.name) is Rejected; its routes cannot be used")
                    continue
                }
                let (visited, sources) = (visited + [id], sources + [id])
                if sorts {
                    visit(.routeTable(table), parent: parent, visited: visited, sources: sources, into: &groupRoutes)
                } else {
                    visit(.routeTable(table), parent: parent, visited: visited, sources: sources, into: &output)
                }
            }
            if sorts {
                output += RouteOrdering.sorted(groupRoutes)
            }
        }
    }

    // MARK: - Names

    /// `vs:<gateway>_<proxy>_<ns>_<vs>_route:<name>` extended by `_rt:<ns>_<rt>_route:<name>` per level;
    /// unnamed routes are `<unnamed-i>`. The name is kept only if some route on the branch has a name.
    private func routeName(owner: Owner, route: Route, parent: ParentRoute?, index: Int) -> String {
        var name = parent.map { $0.name + "_" } ?? ""
        switch owner {
        case .virtualService: name += "vs:\(gatewayName)_\(proxyName)_"
        case .routeTable: name += "rt:"
        }
        name += "\(owner.namespace)_\(owner.name)_route:"
        let own = route.name.flatMap { $0.isEmpty ? nil : $0 }
        name += own ?? "<unnamed-\(index)>"
        return name
    }

    // MARK: - Reports

    /// Adds an error to `owner`; errors on a RouteTable are repeated on the VirtualService.
    private mutating func addError(_ owner: Owner, _ message: String) {
        reports.addError(owner.id, message)
        if case .routeTable(let table) = owner {
            reports.addError(
                ResourceID(virtualService),
                "on sub route table \(table.namespace).\(table.name): \(message)"
            )
        }
    }

    private mutating func addWarning(_ owner: Owner, _ message: String) {
        reports.addWarning(owner.id, message)
        if case .routeTable(let table) = owner {
            reports.addWarning(
                ResourceID(virtualService),
                "on sub route table \(table.namespace).\(table.name): \(message)"
            )
        }
    }

    struct Problem: Error {
        var message: String
        /// Whether the problem is an error (most selection problems are warnings, as in Gloo).
        var isError = false
    }

    // MARK: - Table selection

    private func selectTables(
        _ delegate: DelegateAction,
        ownerNamespace: String
    ) -> Result<[Resource<RouteTableSpec>], Problem> {
        if let ref = delegate.effectiveRef {
            let resolved = ref.resolved(in: ownerNamespace)
            let id = ResourceID(
                kind: ResourceKind.routeTable.rawValue,
                namespace: resolved.namespace ?? "",
                name: resolved.name
            )
            if rejectedInput.contains(id) {
                return .failure(
                    Problem(
                        message: "route table \(id.namespace).\(id.name) is Rejected; its routes cannot be used",
                        isError: true
                    )
                )
            }
            guard let index = ResourceSet.index(of: resolved.namespace ?? "", resolved.name, in: routeTables) else {
                return .failure(Problem(message: "route table \(resolved.namespace ?? "").\(resolved.name) missing"))
            }
            return .success([routeTables[index]])
        }
        guard let selector = delegate.selector else {
            return .failure(
                Problem(
                    message:
                        "cannot determine delegation target: you must specify a route table either via a resource reference or a selector"
                )
            )
        }
        let namespaces = selector.namespaces ?? []
        let labels = selector.labels ?? [:]
        let expressions = selector.expressions ?? []
        if !labels.isEmpty, !expressions.isEmpty {
            return .failure(Problem(message: "cannot use both labels and expressions within the same selector"))
        }
        let labelSelector: LabelSelector
        do {
            labelSelector =
                expressions.isEmpty ? LabelSelector(matching: labels) : try LabelSelector(expressions: expressions)
        } catch {
            return .failure(Problem(message: "\(error.message): the route table selector expression is invalid"))
        }
        let matched = routeTables.filter { table in
            guard labelSelector.matches(table.labels) else { return false }
            if namespaces.contains("*") { return true }
            return namespaces.isEmpty ? table.namespace == ownerNamespace : namespaces.contains(table.namespace)
        }
        guard !matched.isEmpty else { return .failure(Problem(message: "no route table matches the given selector")) }
        return .success(matched)
    }

    // MARK: - Matchers and options

    /// The single prefix matcher a delegating route may have (`prefix: /` when it has none).
    private static func delegateMatcher(_ route: Route) -> Result<Matcher, Problem> {
        let matchers = route.matchers ?? []
        switch matchers.count {
        case 0:
            return .success(.prefix("/"))
        case 1:
            let matcher = matchers[0]
            if matcher.pathSpecifierCount == 0 { return .success(.prefix("/")) }
            guard let prefix = matcher.prefix, !prefix.isEmpty, matcher.pathSpecifierCount == 1 else {
                return .failure(
                    Problem(message: "invalid route: routes with delegate actions must use a prefix matcher")
                )
            }
            return .success(matcher)
        default:
            return .failure(
                Problem(message: "invalid route: routes with delegate actions must omit or specify a single matcher")
            )
        }
    }

    /// Applies what a delegated route inherits from its parent, then checks it is compatible
    /// (`validateAndMergeParentRoute`).
    private static func mergeWithParent(_ original: Route, _ parent: ParentRoute) -> Result<Route, Problem> {
        var child = original
        if child.inheritablePathMatchers == nil { child.inheritablePathMatchers = parent.inheritablePathMatchers }
        if child.inheritableMatchers == nil { child.inheritableMatchers = parent.inheritableMatchers }

        if child.inheritablePathMatchers == true {
            var matchers = child.matchers ?? []
            if matchers.isEmpty { matchers = [Matcher()] }
            for index in matchers.indices {
                matchers[index].setPathSpecifier(parent.matcher.pathSpecifier)
                matchers[index].caseSensitive = parent.matcher.caseSensitive
            }
            child.matchers = matchers
        }
        if (child.matchers ?? []).isEmpty { child.matchers = [.prefix("/")] }

        if child.inheritableMatchers == true, var matchers = child.matchers {
            for index in matchers.indices {
                matchers[index].headers = nonEmpty((parent.matcher.headers ?? []) + (matchers[index].headers ?? []))
                matchers[index].methods = nonEmpty((parent.matcher.methods ?? []) + (matchers[index].methods ?? []))
                matchers[index].queryParameters = nonEmpty(
                    (parent.matcher.queryParameters ?? []) + (matchers[index].queryParameters ?? [])
                )
            }
            child.matchers = matchers
        }
        if child.withOptions({ $0.stagedTransformations?.inheritTransformation }) == true {
            inheritStagedTransformations(&child, from: parent.options?.stagedTransformations)
        }
        if let problem = incompatibility(of: child, with: parent.matcher) {
            return .failure(problem)
        }
        if let parentOptions = parent.options {
            child.options = (child.options ?? RouteOptions()).shallowMerged(withParent: parentOptions)
        }
        return .success(child)
    }

    private static func nonEmpty<T>(_ list: [T]) -> [T]? { list.isEmpty ? nil : list }

    /// Why `child` may not be served under `parent` (`isRouteTableValidForDelegateMatcher`), if it may not.
    private static func incompatibility(of child: Route, with parent: Matcher) -> Problem? {
        let parentPrefix = parent.prefix ?? ""
        for matcher in child.matchers ?? [] {
            let path = matcher.pathString ?? ""
            if !path.hasPrefix(parentPrefix) {
                return Problem(
                    message:
                        "required prefix: \(parentPrefix), prefix: \(path): invalid route: route table matchers must begin with the prefix of their parent route's matcher"
                )
            }
            if matcher.caseSensitive != parent.caseSensitive {
                return Problem(
                    message:
                        "required caseSensitive: \(GoText.boolValue(matcher.caseSensitive)), caseSensitive: \(GoText.boolValue(parent.caseSensitive)): invalid route: route table matchers must have the same case sensitivity of their parent route's matcher"
                )
            }
            let childHeaders = Dictionary((matcher.headers ?? []).map { ($0.name, $0) }, uniquingKeysWith: { $1 })
            for header in parent.headers ?? []
            where !(childHeaders[header.name].map { GoText.sameHeader($0, header) } ?? false) {
                return Problem(
                    message:
                        "required headers: \(GoText.list(parent.headers ?? [], GoText.header)), headers: \(GoText.list(matcher.headers ?? [], GoText.header)): invalid route: route table matchers must have all headers that were specified on their parent route's matcher"
                )
            }
            let childQuery = Dictionary((matcher.queryParameters ?? []).map { ($0.name, $0) }, uniquingKeysWith: { $1 })
            for parameter in parent.queryParameters ?? []
            where !(childQuery[parameter.name].map { GoText.sameQueryParameter($0, parameter) } ?? false) {
                return Problem(
                    message:
                        "required query params: \(GoText.list(parent.queryParameters ?? [], GoText.queryParameter)), query params: \(GoText.list(matcher.queryParameters ?? [], GoText.queryParameter)): invalid route: route table matchers must have all query params that were specified on their parent route's matcher"
                )
            }
            let childMethods = Set(matcher.methods ?? [])
            if !(parent.methods ?? []).allSatisfy(childMethods.contains) {
                return Problem(
                    message:
                        "required methods: [\((parent.methods ?? []).joined(separator: " "))], methods: [\((matcher.methods ?? []).joined(separator: " "))]: invalid route: route table matchers must have all methods that were specified on their parent route's matcher"
                )
            }
        }
        return nil
    }

    /// Appends the parent's early and regular transformations after the child's (`inheritTransformation`).
    private static func inheritStagedTransformations(_ route: inout Route, from parent: TransformationStages?) {
        guard let parent else { return }
        var options = route.options ?? RouteOptions()
        var stages = options.stagedTransformations ?? TransformationStages()
        stages.regular = appending(stages.regular, parent.regular)
        stages.early = appending(stages.early, parent.early)
        options.stagedTransformations = stages
        route.options = options
    }

    private static func appending(
        _ child: RequestResponseTransformations?,
        _ parent: RequestResponseTransformations?
    ) -> RequestResponseTransformations? {
        guard let parent else { return child }
        guard var merged = child else { return parent }
        merged.requestTransforms = nonEmpty((merged.requestTransforms ?? []) + (parent.requestTransforms ?? []))
        merged.responseTransforms = nonEmpty((merged.responseTransforms ?? []) + (parent.responseTransforms ?? []))
        return merged
    }

    /// Upstream references of a route action without a namespace take the owning resource's. Gloo does this
    /// for upstreams only; upstream group references get the same default here, where Gloo would never find
    /// them.
    private static func defaultUpstreamNamespaces(_ route: inout Route, to namespace: String) {
        guard var action = route.routeAction else { return }
        if let group = action.upstreamGroup, (group.namespace ?? "").isEmpty {
            action.upstreamGroup = group.resolved(in: namespace)
        }
        if let upstream = action.single?.upstream, (upstream.namespace ?? "").isEmpty {
            action.single?.upstream = upstream.resolved(in: namespace)
        }
        if var multi = action.multi, var destinations = multi.destinations {
            for index in destinations.indices {
                if let upstream = destinations[index].destination?.upstream, (upstream.namespace ?? "").isEmpty {
                    destinations[index].destination?.upstream = upstream.resolved(in: namespace)
                }
            }
            multi.destinations = destinations
            action.multi = multi
        }
        route.routeAction = action
    }
}

/// How Go's `%v` prints the values that appear in Gloo's messages.
enum GoText {
    /// A `*wrappers.BoolValue`: `<nil>`, `value:true`, or empty for false.
    static func boolValue(_ value: Bool?) -> String {
        switch value {
        case nil: "<nil>"
        case true?: "value:true"
        case false?: ""
        }
    }

    static func list<T>(_ items: [T], _ describe: (T) -> String) -> String {
        "[" + items.map(describe).joined(separator: " ") + "]"
    }

    static func header(_ header: HeaderMatcher) -> String {
        var fields = ["name:\(quoted(header.name))"]
        if let value = header.value, !value.isEmpty { fields.append("value:\(quoted(value))") }
        if header.regex == true { fields.append("regex:true") }
        if header.invertMatch == true { fields.append("invert_match:true") }
        return fields.joined(separator: " ")
    }

    static func queryParameter(_ parameter: QueryParameterMatcher) -> String {
        var fields = ["name:\(quoted(parameter.name))"]
        if let value = parameter.value, !value.isEmpty { fields.append("value:\(quoted(value))") }
        if parameter.regex == true { fields.append("regex:true") }
        return fields.joined(separator: " ")
    }

    /// Proto equality: unset and default values are the same.
    static func sameHeader(_ lhs: HeaderMatcher, _ rhs: HeaderMatcher) -> Bool {
        lhs.name == rhs.name && (lhs.value ?? "") == (rhs.value ?? "") && (lhs.regex ?? false) == (rhs.regex ?? false)
            && (lhs.invertMatch ?? false) == (rhs.invertMatch ?? false)
    }

    static func sameQueryParameter(_ lhs: QueryParameterMatcher, _ rhs: QueryParameterMatcher) -> Bool {
        lhs.name == rhs.name && (lhs.value ?? "") == (rhs.value ?? "") && (lhs.regex ?? false) == (rhs.regex ?? false)
    }

    static func quoted(_ text: String) -> String {
        var output = ""
        ConfigValue.writeJSONString(text, to: &output)
        return output
    }
}
