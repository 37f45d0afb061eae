/// Maps method + path to a handler. Patterns are paths whose `{name}` segments capture a
/// value (`/agents/{agent_id}`). A literal segment wins over a parameter at the same place
/// (`/vehicles/manufacturers` before `/vehicles/{vehicle_id}`), with backtracking when the
/// literal branch has no route. A trailing slash is ignored. A path that exists under other
/// methods answers 405 with `Allow`; HEAD falls back to GET, OPTIONS is answered from the table.
///
/// A route may also carry a body limit and a check of the head (credentials, a signature
/// header's presence): as an `HTTPResponder` the router applies both before the body is read.
public struct Router: Sendable {
    /// Answers a request its route matched; a thrown `HTTPResponseError` is its answer,
    /// any other error a 500.
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse
    /// Answers without suspending; the server runs it on the connection's event loop, with
    /// no `Task` (see `HTTPResponder.respondAtOnce`). It must be quick and must not block.
    public typealias ImmediateHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
    /// Judges a request from its head (body still empty); a thrown error is the answer.
    public typealias HeadCheck = @Sendable (HTTPRequest) throws -> Void

    /// What `match(_:rawPath:)` found for a method and path.
    public enum Match {
        /// The route of `pattern`, with the decoded values of its `{name}` segments.
        case found(pattern: String, handler: Handler, parameters: [String: String])
        /// The path has routes, but not for this method: these are (405 with `Allow`).
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path (404).
        case notFound
    }

    struct Route: Sendable {
        let pattern: String
        let handler: Handler
        let bodyLimit: Int?
        let headCheck: HeadCheck?
        /// Set when the handler never suspends: then `handler` calls it.
        let immediate: ImmediateHandler?
    }

    /// What the head decided, kept in the request until it is answered.
    enum Examination: Sendable {
        case route(Route)
        case answer(HTTPResponse)
    }

    private enum Lookup {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    private struct Node: Sendable {
        var literals: [String: Node] = [:]
        var parameterName: String?
        /// Zero or one element: the subtree under the parameter segment.
        var parameterChild: [Node] = []
        var routes: [HTTPMethod: Route] = [:]
    }

    private var root = Node()
    /// The routes of patterns without parameters, by path (segments joined by "/", no
    /// leading or trailing slash): most requests find theirs with one lookup, no splitting.
    /// The trie agrees: its literal-first search reaches the same node for such a path.
    private var literalPaths: [String: [HTTPMethod: Route]] = [:]
    /// Called with errors that are not `HTTPResponseError` (they become a 500).
    public var onUnexpectedError: @Sendable (HTTPRequest, any Error) -> Void = { _, _ in }

    /// A router without routes.
    public init() {}

    /// Registers `handler` for `method` and `pattern`. Registering the same pair twice, or
    /// two parameter names at one position, is a programming error (it traps at start-up).
    ///
    /// - Parameters:
    ///   - pattern: a path whose `{name}` segments capture a value, e.g. `/agents/{agent_id}`.
    ///   - bodyLimit: the most this route reads of a body (nil: the server's `maxBodyBytes`);
    ///     beyond it 413, from the head when `Content-Length` says so.
    ///   - headCheck: runs on the head, before the body is read; what it throws is the answer
    ///     and the body is never read.
    ///   - handler: answers the complete request.
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, headCheck: HeadCheck? = nil,
        _ handler: @escaping Handler
    ) {
        add(
            Route(pattern: pattern, handler: handler, bodyLimit: bodyLimit, headCheck: headCheck, immediate: nil),
            method)
    }

    /// Registers a handler that answers without suspending (a health check, a page built in
    /// advance): the server answers it on the event loop, without a `Task` per request.
    /// Otherwise the same as `add(_:_:bodyLimit:headCheck:_:)`. (A name of its own: an
    /// overload of `add` would take every closure that happens not to await.)
    public mutating func addImmediate(
        _ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, headCheck: HeadCheck? = nil,
        _ handler: @escaping ImmediateHandler
    ) {
        let route = Route(
            pattern: pattern, handler: { try handler($0) }, bodyLimit: bodyLimit, headCheck: headCheck,
            immediate: handler)
        add(route, method)
    }

    private mutating func add(_ route: Route, _ method: HTTPMethod) {
        let pattern = route.pattern
        let segments = pattern.split(separator: "/").map(String.init)
        Self.insert(route, method: method, segments: segments[...], into: &root)
        if !segments.contains(where: { $0.hasPrefix("{") }) {
            literalPaths[segments.joined(separator: "/"), default: [:]][method] = route
        }
    }

    private static func insert(_ route: Route, method: HTTPMethod, segments: ArraySlice<String>, into node: inout Node)
    {
        guard let segment = segments.first else {
            precondition(node.routes[method] == nil, "duplicate route \(method) \(route.pattern)")
            node.routes[method] = route
            return
        }
        if segment.hasPrefix("{") && segment.hasSuffix("}") {
            let name = String(segment.dropFirst().dropLast())
            precondition(
                node.parameterName == nil || node.parameterName == name, "conflicting parameter in \(route.pattern)")
            node.parameterName = name
            if node.parameterChild.isEmpty { node.parameterChild = [Node()] }
            insert(route, method: method, segments: segments.dropFirst(), into: &node.parameterChild[0])
        } else {
            insert(
                route, method: method, segments: segments.dropFirst(), into: &node.literals[segment, default: Node()])
        }
    }

    /// Finds the route for a request path.
    ///
    /// - Parameters:
    ///   - rawPath: the path as received, still percent-encoded (segments are decoded after
    ///     splitting, so `%2F` stays inside its segment).
    /// - Returns: the route and its parameters, or why there is none.
    public func match(_ method: HTTPMethod, rawPath: Substring) -> Match {
        switch lookup(method, rawPath: rawPath) {
        case .found(let route, let parameters):
            .found(pattern: route.pattern, handler: route.handler, parameters: parameters)
        case .methodNotAllowed(let allowed): .methodNotAllowed(allowed: allowed)
        case .notFound: .notFound
        }
    }

    private func lookup(_ method: HTTPMethod, rawPath: Substring) -> Lookup {
        var path = rawPath.utf8.first == ASCII.slash ? rawPath.dropFirst() : rawPath
        if path.utf8.last == ASCII.slash { path = path.dropLast() }
        if let routes = literalPaths[String(path)] { return Self.resolve(routes, method, parameters: []) }
        var segments = rawPath.split(separator: "/")
        for index in segments.indices where segments[index].utf8.contains(ASCII.percent) {
            guard let decoded = PercentDecoding.decode(segments[index]) else { return .notFound }
            segments[index] = Substring(decoded)
        }
        var parameters: [(String, Substring)] = []
        guard let node = Self.find(root, segments, 0, &parameters) else { return .notFound }
        return Self.resolve(node.routes, method, parameters: parameters)
    }

    /// The route for `method` among a path's routes, or 405 with the methods it has.
    private static func resolve(_ routes: [HTTPMethod: Route], _ method: HTTPMethod, parameters: [(String, Substring)])
        -> Lookup
    {
        let route = routes[method] ?? (method == .head ? routes[.get] : nil)
        guard let route else {
            var allowed = Set(routes.keys)
            if allowed.contains(.get) { allowed.insert(.head) }
            allowed.insert(.options)
            return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
        }
        var values: [String: String] = [:]
        for (name, value) in parameters where values[name] == nil { values[name] = String(value) }
        return .found(route, parameters: values)
    }

    private static func find(
        _ node: Node, _ segments: [Substring], _ index: Int, _ parameters: inout [(String, Substring)]
    )
        -> Node?
    {
        if index == segments.count { return node.routes.isEmpty ? nil : node }
        let segment = segments[index]
        if let child = node.literals[String(segment)], let found = find(child, segments, index + 1, &parameters) {
            return found
        }
        if let name = node.parameterName {
            parameters.append((name, segment))
            if let found = find(node.parameterChild[0], segments, index + 1, &parameters) { return found }
            parameters.removeLast()
        }
        return nil
    }

    /// Runs the matching handler; errors become responses through `ErrorResponse`. A request
    /// whose head the router has not examined (called without a server) is examined first.
    ///
    /// - Returns: the handler's response (its `route` set to the pattern), or 404, 405,
    ///   an OPTIONS answer, or the error a head check or the handler threw.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        var request = request
        let examination = request.examination ?? examine(&request)
        request.examination = nil
        let route: Route
        switch examination {
        case .answer(let response): return response
        case .route(let found): route = found
        }
        var response: HTTPResponse
        do {
            try Self.checkBody(of: request, route)
            response = try await route.handler(request)
        } catch {
            response = errorResponse(for: error, request)
        }
        response.route = route.pattern
        return response
    }

    /// The answer of a route registered with `addImmediate`, run here and now; nil for any
    /// other request (which `respond(to:)` answers).
    public func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? {
        guard case .route(let route)? = request.examination, let immediate = route.immediate else { return nil }
        var request = request
        request.examination = nil
        var response: HTTPResponse
        do {
            try Self.checkBody(of: request, route)
            response = try immediate(request)
        } catch {
            response = errorResponse(for: error, request)
        }
        response.route = route.pattern
        return response
    }

    /// The route's body limit, for requests that did not come through a server (which
    /// enforces it while reading).
    private static func checkBody(of request: HTTPRequest, _ route: Route) throws {
        if let limit = route.bodyLimit, request.body.count > limit { throw HTTPParserError.bodyTooLarge }
    }

    /// Decides from the head: the route (path parameters set), or the answer to send now
    /// (404, 405, OPTIONS, or what the route's head check threw).
    func examine(_ request: inout HTTPRequest) -> Examination {
        switch lookup(request.method, rawPath: request.rawPath) {
        case .found(let route, let parameters):
            request.pathParameters = parameters
            guard let check = route.headCheck else { return .route(route) }
            do {
                try check(request)
                return .route(route)
            } catch {
                var response = errorResponse(for: error, request)
                response.route = route.pattern
                return .answer(response)
            }
        case .methodNotAllowed(let allowed):
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            if request.method == .options {
                return .answer(HTTPResponse(status: .noContent, headers: ["Allow": allow]))
            }
            let error = HTTPError(
                .methodNotAllowed, "Method \(request.method) is not allowed here; use \(allow)",
                headers: ["Allow": allow])
            return .answer(ErrorResponse.make(for: error).response)
        case .notFound:
            return .answer(
                ErrorResponse.make(for: HTTPError(.notFound, "No route for \(request.method) \(request.path)")).response
            )
        }
    }

    private func errorResponse(for error: any Error, _ request: HTTPRequest) -> HTTPResponse {
        let mapped = ErrorResponse.make(for: error)
        if mapped.unexpected { onUnexpectedError(request, error) }
        return mapped.response
    }

    /// Every registered (method, pattern), for listings and documentation checks.
    public var routes: [(method: HTTPMethod, pattern: String)] {
        var result: [(HTTPMethod, String)] = []
        func walk(_ node: Node) {
            for (method, route) in node.routes { result.append((method, route.pattern)) }
            for key in node.literals.keys.sorted() { walk(node.literals[key]!) }
            node.parameterChild.forEach(walk)
        }
        walk(root)
        return result
    }
}

extension Router: HTTPResponder {
    /// Matches the route once and runs its head check; the outcome rides in `request` to
    /// `respond(to:)`.
    ///
    /// - Returns: read the body within the route's limit, or the answer (404, 405, OPTIONS,
    ///   the head check's error) to send without reading it.
    public func examineHead(_ request: inout HTTPRequest) -> HTTPHeadDecision {
        let examination = examine(&request)
        request.examination = examination
        switch examination {
        case .route(let route): return .proceed(bodyLimit: route.bodyLimit ?? .max)
        case .answer(let response): return .respond(response)
        }
    }
}
