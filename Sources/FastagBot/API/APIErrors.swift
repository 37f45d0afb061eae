import HTTPServerKit

extension StoreError: HTTPResponseError {
    var status: HTTPStatus {
        switch self {
        case .notFound: .notFound
        case .conflict: .conflict
        }
    }

    var message: String { description }
}

extension DatabaseUnavailable: HTTPResponseError {
    var status: HTTPStatus { .serviceUnavailable }
    var message: String { "The database cannot be reached right now; nothing was changed. Try again." }
    var headers: HTTPHeaders { ["Retry-After": "1"] }
}

extension StorageConflict: HTTPResponseError {
    var status: HTTPStatus { .serviceUnavailable }
    var message: String { "Another change got in the way; nothing was changed. Try again." }
    var headers: HTTPHeaders { ["Retry-After": "1"] }
}

extension LeaseStore.Busy: HTTPResponseError {
    var status: HTTPStatus { .serviceUnavailable }
    var message: String { "This session is busy on another replica; nothing was changed. Try again." }
    var headers: HTTPHeaders { ["Retry-After": "1"] }
}

extension HTTPRequest {
    /// A path parameter that must be a positive integer id (404 otherwise: no such thing).
    func id(_ name: String, of what: String) throws -> Int64 {
        let text = parameter(name)
        guard let id = Int64(text), id > 0 else { throw HTTPError(.notFound, "\(what) \(text) not found") }
        return id
    }

    /// `limit` (1-500, default 50) and `offset` (default 0) of a listing.
    func page() throws -> PageRequest {
        var page = PageRequest()
        if let limit = try queryInteger("limit", in: InputLimits.listLimit) { page.limit = Int(limit) }
        if let offset = try queryInteger("offset", in: InputLimits.listOffset) { page.offset = Int(offset) }
        return page
    }

    /// An optional integer query parameter within `range`.
    func queryInteger(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let text = query[name] else { return nil }
        guard let value = Int64(text), range.contains(value) else {
            throw HTTPError(
                .unprocessableContent,
                "Invalid '\(name)': must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// An optional query parameter restricted to `type`'s raw values.
    func queryChoice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = query[name] else { return nil }
        guard let value = T(rawValue: text) else {
            throw HTTPError(
                .unprocessableContent,
                "Invalid '\(name)': must be one of \(T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        return value
    }
}
