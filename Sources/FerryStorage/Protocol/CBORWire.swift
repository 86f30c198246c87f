/// The one place that turns ``CBORValue``s into bytes and back for the protocol layer.
enum CBORWire {
    static func encode(_ value: CBORValue) -> [UInt8] { CBOREncoder.encode(value) }

    static func decode(_ bytes: [UInt8]) throws(StorageError) -> CBORValue { try CBORDecoder.decode(bytes) }
}
