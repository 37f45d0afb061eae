import FastagBot
import Testing

/// Checks the named fields of a JSON object (the others are not looked at).
package func expectFields(
    _ value: JSONValue, _ expected: KeyValuePairs<String, JSONValue>, sourceLocation: SourceLocation = #_sourceLocation
) {
    for (key, wanted) in expected {
        #expect(value[key] == wanted, "\(key) in \(value.jsonText)", sourceLocation: sourceLocation)
    }
}
