import HTTPServerKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var parser = HTTPRequestParser()
    parser.append(UnsafeBufferPointer(start: data, count: size))
    while let event = try? parser.next() {
        _ = event
    }
    return 0
}
