/// Writes CBOR in preferred (shortest) form with definite lengths; maps keep their order.
public enum CBOREncoder {
    public static func encode(_ value: CBORValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    static func write(_ value: CBORValue, into out: inout [UInt8]) {
        switch value {
        case .unsigned(let number): head(0, number, into: &out)
        case .negative(let number): head(1, number, into: &out)
        case .bytes(let bytes):
            head(2, UInt64(bytes.count), into: &out)
            out += bytes
        case .text(let text):
            let utf8 = Array(text.utf8)
            head(3, UInt64(utf8.count), into: &out)
            out += utf8
        case .array(let items):
            head(4, UInt64(items.count), into: &out)
            for item in items { write(item, into: &out) }
        case .map(let pairs):
            head(5, UInt64(pairs.count), into: &out)
            for (key, item) in pairs {
                write(key, into: &out)
                write(item, into: &out)
            }
        case .tagged(let tag, let item):
            head(6, tag, into: &out)
            write(item, into: &out)
        case .bool(let flag): out.append(flag ? 0xf5 : 0xf4)
        case .null: out.append(0xf6)
        case .undefined: out.append(0xf7)
        case .float(let number):
            out.append(0xfb)
            out += BigEndianBytes.of(number.bitPattern, width: 8)
        }
    }

    /// A major type with its argument in the shortest encoding.
    static func head(_ major: UInt8, _ argument: UInt64, into out: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24: out.append(type | UInt8(argument))
        case 24...0xff: out += [type | 24, UInt8(argument)]
        case 0x100...0xffff: out.append(type | 25); out += BigEndianBytes.of(argument, width: 2)
        case 0x10000...0xffff_ffff: out.append(type | 26); out += BigEndianBytes.of(argument, width: 4)
        default: out.append(type | 27); out += BigEndianBytes.of(argument, width: 8)
        }
    }
}

enum BigEndianBytes {
    static func of(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - $0))) }
    }
}
