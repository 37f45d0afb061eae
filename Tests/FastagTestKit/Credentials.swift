/// How a request authenticates.
package enum Credentials {
    case admin
    case none
    /// The whole `Authorization` header.
    case header(String)
}
