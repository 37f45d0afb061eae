import HTTPServerKit

/// The routes every stored collection (`/agents`, `/vehicles`, `/fastags`, `/sessions`) has:
/// list a page, get one, create, change and delete one. Built one way, so that their
/// handlers, their summaries and their documented answers cannot drift apart; what differs
/// (filters, body fields, the store call) is passed in.
struct CollectionRoutes<Item: Sendable, ID: Sendable> {
    /// `/agents`: the list is at `/agents/`, an item at `/agents/{agent_id}`.
    let path: String
    let tag: String
    /// How summaries and errors name one item: "agent" ("Get an agent", "Agent 7 not found").
    let noun: String
    let article: String
    /// The plural, as in "List agents".
    let plural: String
    /// The item's schema in the OpenAPI document, and an example of it.
    let schema: String
    let example: JSONValue
    /// The path parameter naming an item, and how it is read (a 404 for what cannot exist).
    let idParameter: String
    let identify: @Sendable (HTTPRequest) throws -> ID
    let json: @Sendable (Item) -> JSONValue

    private var itemPath: String { "\(path)/{\(idParameter)}" }
    private var name: String { Self.name(noun) }

    /// "Agent", "FASTag": how an error message names an item.
    static func name(_ noun: String) -> String { noun.prefix(1).uppercased() + noun.dropFirst() }

    /// `GET /x/`: a page of items (`fetch` reads the filters and the page from the request);
    /// `filters` are documented before `limit` and `offset`.
    func list(
        filters: [APIRoute.Parameter] = [], _ fetch: @escaping @Sendable (HTTPRequest) async throws -> Page<Item>
    ) -> APIRoute {
        let json = json
        let route = APIRoute(.get, path + "/", summary: "List \(plural)", tag: tag, access: .admin) { request in
            .json(try await fetch(request).json(json))
        }
        return filters.reduce(route) { $0.query($1.name, $1.schema, $1.description) }
            .paged()
            .response(200, "A page of \(plural)", JSONSchema.page(of: schema), example: Examples.page(example))
            .errors(422)
    }

    /// `GET /x/{x_id}`: one item, 404 when there is none.
    func get(_ fetch: @escaping @Sendable (ID) async throws -> Item?) -> APIRoute {
        let (identify, json, name) = (identify, json, name)
        return APIRoute(.get, itemPath, summary: "Get \(article) \(noun)", tag: tag, access: .admin) { request in
            let id = try identify(request)
            guard let item = try await fetch(id) else { throw StoreError.notFound("\(name) \(id) not found") }
            return .json(json(item))
        }
        .response(200, "The \(noun)", JSONSchema.ref(schema), example: example)
        .errors(404)
    }

    /// `POST /x/`: `read` takes the body's fields (all of them: the rest is refused before
    /// anything is stored), `store` stores them.
    func create<Input: Sendable>(
        _ summary: String, body: JSONValue, example bodyExample: JSONValue, bodyRequired: Bool = true,
        store: @escaping @Sendable (Input) async throws -> Item,
        read: @escaping @Sendable (inout RequestBody) throws -> Input
    ) -> APIRoute {
        let json = json
        return APIRoute(.post, path + "/", summary: summary, tag: tag, access: .admin) { request in
            var body = try bodyRequired ? RequestBody(request) : RequestBody.allowingEmpty(request)
            let input = try read(&body)
            try body.finish()
            return .json(json(try await store(input)), status: .created)
        }
        .body(body, example: bodyExample, required: bodyRequired)
        .response(201, "The new \(noun)", JSONSchema.ref(schema), example: example)
    }

    /// `PUT /x/{x_id}`: `read` takes the body's fields, `apply` changes the item with them.
    func change<Changes: Sendable>(
        body: JSONValue, example bodyExample: JSONValue,
        apply: @escaping @Sendable (ID, Changes) async throws -> Item,
        read: @escaping @Sendable (inout RequestBody) throws -> Changes
    ) -> APIRoute {
        let (identify, json) = (identify, json)
        return APIRoute(.put, itemPath, summary: "Change \(article) \(noun)", tag: tag, access: .admin) { request in
            let id = try identify(request)
            var body = try RequestBody(request)
            let changes = try read(&body)
            try body.finish()
            return .json(json(try await apply(id, changes)))
        }
        .body(body, example: bodyExample)
        .response(200, "The changed \(noun)", JSONSchema.ref(schema), example: example)
        .errors(400, 404, 409, 422)
    }

    /// `METHOD /x/{x_id}/<action>`: something done to one item; `handle` gets the item's id
    /// (read first: a 404 for what cannot exist) and the request.
    func action(
        _ method: HTTPMethod, _ action: String, summary: String,
        _ handle: @escaping @Sendable (ID, HTTPRequest) async throws -> HTTPResponse
    ) -> APIRoute {
        let identify = identify
        return APIRoute(method, "\(itemPath)/\(action)", summary: summary, tag: tag, access: .admin) { request in
            try await handle(try identify(request), request)
        }
    }

    /// `DELETE /x/{x_id}`: 204 once deleted.
    func delete(_ delete: @escaping @Sendable (ID) async throws -> Void) -> APIRoute {
        let identify = identify
        return APIRoute(.delete, itemPath, summary: "Delete \(article) \(noun)", tag: tag, access: .admin) { request in
            try await delete(try identify(request))
            return HTTPResponse(status: .noContent)
        }
        .response(204, "Deleted")
    }
}

extension CollectionRoutes where ID == Int64 {
    /// A collection whose items have positive integer ids, read from `<schema>_id`.
    init(
        path: String, tag: String, noun: String, article: String, plural: String, schema: String, example: JSONValue,
        json: @escaping @Sendable (Item) -> JSONValue
    ) {
        let idParameter = "\(schema.lowercased())_id"
        let name = Self.name(noun)
        self.init(
            path: path, tag: tag, noun: noun, article: article, plural: plural, schema: schema, example: example,
            idParameter: idParameter, identify: { try $0.id(idParameter, of: name) }, json: json)
    }
}

extension APIRoute.Parameter {
    /// A listing's filter on the agent an item belongs to.
    static func agentFilter(_ description: String) -> APIRoute.Parameter {
        APIRoute.Parameter(name: "agent_id", schema: Schemas.id(), description: description)
    }

    /// A listing's filter on a status, one of `T`'s values.
    static func statusFilter<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ description: String)
        -> APIRoute.Parameter
    where T.RawValue == String {
        APIRoute.Parameter(
            name: "status", schema: JSONSchema.string(values: T.allCases.map(\.rawValue)), description: description)
    }
}
