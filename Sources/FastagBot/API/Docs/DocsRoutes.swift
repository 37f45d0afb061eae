import HTTPServerKit
import Synchronization

/// `/openapi.json`, `/docs` and `/redoc`. The spec describes every route, these three
/// included, so it is rendered once after the route table is complete (`publish`).
final class DocsRoutes: Sendable {
    private let spec = Mutex<[UInt8]>([])
    private let explorer = Array(DocsPage.html(interactive: true).utf8)
    private let reference = Array(DocsPage.html(interactive: false).utf8)

    var routes: [APIRoute] {
        [
            APIRoute.immediate(
                .get, "/openapi.json", summary: "This API's OpenAPI 3.1 description", tag: "System"
            ) { [self] _ in
                .json(bytes: spec.withLock { $0 })
            }
            .response(200, "The OpenAPI document", JSONSchema.freeObject("OpenAPI 3.1")),
            APIRoute.immediate(
                .get, "/docs", summary: "Interactive API explorer", tag: "System"
            ) { [explorer] _ in
                HTTPResponse(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: explorer)
            }
            .response(200, "An HTML page", JSONSchema.string(), contentType: "text/html"),
            APIRoute.immediate(
                .get, "/redoc", summary: "API reference", tag: "System"
            ) { [reference] _ in
                HTTPResponse(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: reference)
            }
            .response(200, "An HTML page", JSONSchema.string(), contentType: "text/html"),
        ]
    }

    /// Renders the spec of the complete route table.
    func publish(_ routes: [APIRoute]) {
        let document = OpenAPIDocument.make(routes: routes).jsonBytes
        spec.withLock { $0 = document }
    }
}
