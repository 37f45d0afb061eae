import PostgreSQL
import SQLite

/// What a store refuses, in words for the operator. The API maps these to 404 and 409.
enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)

    var description: String {
        switch self {
        case .notFound(let message), .conflict(let message): message
        }
    }

    /// Turns a uniqueness violation into a conflict with `message`, and any other rule
    /// of the schema that a change breaks (a CHECK, a foreign key) into a conflict naming
    /// the rule; rethrows everything else.
    @discardableResult
    static func mapConstraint<T>(_ message: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.isConstraintViolation {
            switch error.code {
            case .constraintUnique, .constraintPrimaryKey: throw StoreError.conflict(message())
            default: throw StoreError.conflict("Refused by the stored data's rules (\(error.message))")
            }
        } catch let error as PostgresError where error.isConstraintViolation {
            if error.code == .uniqueViolation { throw StoreError.conflict(message()) }
            throw StoreError.conflict("Refused by the stored data's rules (\(error.constraint ?? error.message))")
        }
    }
}

/// A refusal that passes: the work was not done and trying again later may succeed (the
/// chat pipeline waits and tries again instead of apologising).
protocol TransientStorageError: Error {}

/// The database could not be reached for this call (PostgreSQL: the connection was lost);
/// nothing of the call was stored. The API answers 503: the next try works once the server
/// is back.
struct DatabaseUnavailable: TransientStorageError, CustomStringConvertible {
    /// The SQLSTATE's name, for the log (never the server's message, which may name values).
    let reason: String
    var description: String { "the database could not be reached (\(reason))" }
}

/// The write lost a conflict with a concurrent one (PostgreSQL: a deadlock or a
/// serialization failure) and was rolled back whole: nothing of it was stored, and the same
/// write a moment later succeeds. The API answers 503; a chat message waits and is answered again.
struct StorageConflict: TransientStorageError, CustomStringConvertible {
    /// The SQLSTATE's name, for the log.
    let reason: String
    var description: String { "the write lost a conflict with another (\(reason))" }
}

/// A page of a listing.
package struct Page<Item: Sendable>: Sendable {
    package var items: [Item]
    package var total: Int
    var limit: Int
    var offset: Int
}

/// `limit`/`offset` of a listing, already checked.
package struct PageRequest: Sendable {
    var limit: Int
    var offset: Int

    package init(limit: Int = 50, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }
}
