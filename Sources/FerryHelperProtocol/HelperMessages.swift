import FerryCore
import FerryStorage

/// The CBOR bodies of the helper protocol (docs/PROTOCOL.md), built and parsed.
public enum HelperMessages {
    /// Parses an ask body into a ticket.
    public static func parseAsk(_ value: CBORValue) throws(HelperError) -> UploadTicket {
        func number(_ key: String) throws(HelperError) -> UInt64 {
            guard let number = value[key]?.uint else { throw .badRequest("the ask needs an unsigned \"\(key)\"") }
            return number
        }
        let size = try number("size")
        let (needed, happy, total, segment) = (try number("needed"), try number("happy"), try number("total"), try number("segment-size"))
        guard needed <= 256, happy <= 256, total <= 256, segment <= UInt64(Int32.max) else {
            throw .badRequest("encoding parameters out of range")
        }
        let encoding = EncodingParameters(needed: Int(needed), happy: Int(happy), total: Int(total), maxSegmentSize: Int(segment))
        do { return UploadTicket(size: size, encoding: try encoding.validated()) } catch { throw .badRequest(error.message) }
    }

    public static func ask(_ ticket: UploadTicket) -> CBORValue {
        .map([(.text("size"), .unsigned(ticket.size)), (.text("needed"), .unsigned(UInt64(ticket.encoding.needed))),
              (.text("happy"), .unsigned(UInt64(ticket.encoding.happy))), (.text("total"), .unsigned(UInt64(ticket.encoding.total))),
              (.text("segment-size"), .unsigned(UInt64(ticket.encoding.maxSegmentSize)))])
    }

    public static func answer(_ answer: AskAnswer) -> CBORValue {
        switch answer {
        case .receiving(let offset, let size):
            .map([(.text("state"), .text(UploadPhase.receiving.rawValue)), (.text("offset"), .unsigned(offset)), (.text("size"), .unsigned(size))])
        case .busy(let phase, let size):
            .map([(.text("state"), .text(phase.rawValue)), (.text("size"), .unsigned(size))])
        case .done(let result):
            .map([(.text("state"), .text(UploadPhase.done.rawValue)), (.text("result"), Self.result(result))])
        case .inGrid(let result):
            .map([(.text("state"), .text("in-grid")), (.text("result"), Self.result(result))])
        }
    }

    public static func result(_ result: UploadResult) -> CBORValue {
        let placement = result.placement.keys.sorted().map { share in
            (CBORValue.unsigned(UInt64(share)), CBORValue.array(result.placement[share]!.sorted().map { .text($0) }))
        }
        return .map([(.text("uri-extension"), .bytes(result.uriExtension)), (.text("uri-extension-hash"), .bytes(result.uriExtensionHash)),
                     (.text("placement"), .map(placement)), (.text("happiness"), .unsigned(UInt64(result.happiness)))])
    }

    public static func parseResult(_ value: CBORValue) throws(HelperError) -> UploadResult {
        guard let ueb = value["uri-extension"]?.bytesValue, let hash = value["uri-extension-hash"]?.bytesValue,
              let pairs = value["placement"]?.mapValue, let happiness = value["happiness"]?.uint else {
            throw .badRequest("not an upload result: \(value)")
        }
        var placement: [Int: Set<String>] = [:]
        for (key, servers) in pairs {
            guard let share = key.uint, share < 256, let ids = servers.arrayValue?.compactMap(\.textValue) else {
                throw .badRequest("bad placement in an upload result")
            }
            placement[Int(share)] = Set(ids)
        }
        return UploadResult(uriExtension: ueb, uriExtensionHash: hash, placement: placement, happiness: Int(min(happiness, 256)))
    }

    /// Reads an ask answer (the client's side).
    public static func parseAnswer(_ value: CBORValue) throws(HelperError) -> AskAnswer {
        if value["state"]?.textValue == "in-grid", let result = value["result"] { return .inGrid(try parseResult(result)) }
        guard let state = value["state"]?.textValue.flatMap(UploadPhase.init(rawValue:)), let size = value["size"]?.uint ?? (state == .done ? 0 : nil) else {
            throw .badRequest("not an ask answer: \(value)")
        }
        if state == .done, let result = value["result"] { return .done(try parseResult(result)) }
        if state == .receiving {
            guard let offset = value["offset"]?.uint else { throw .badRequest("a receiving answer needs an offset") }
            return .receiving(offset: offset, size: size)
        }
        return .busy(state, size: size)
    }

    public static func error(_ error: HelperError) -> CBORValue {
        var pairs: [(CBORValue, CBORValue)] = [(.text("code"), .text(error.code)), (.text("message"), .text(error.message))]
        if case .offsetMismatch(let expected) = error { pairs.append((.text("offset"), .unsigned(expected))) }
        return .map(pairs)
    }

    public static func version(maximumUploadSize: UInt64, storageServers: Int, applicationVersion: String) -> CBORValue {
        .map([(.text("protocol"), .unsigned(1)), (.text("application-version"), .text(applicationVersion)),
              (.text("maximum-upload-size"), .unsigned(maximumUploadSize)), (.text("storage-servers"), .unsigned(UInt64(storageServers)))])
    }

    /// The servers resource: how many storage servers the helper pushes to, and how many of
    /// them answer now.
    public static func servers(_ count: ServerCount) -> CBORValue {
        .map([(.text("storage-servers"), .unsigned(UInt64(count.total))), (.text("answering"), .unsigned(UInt64(count.answering)))])
    }

    public static func parseServers(_ value: CBORValue) throws(HelperError) -> ServerCount {
        guard let total = value["storage-servers"]?.uint, let answering = value["answering"]?.uint, answering <= total, total <= 1 << 20 else {
            throw .badRequest("not a servers answer: \(value)")
        }
        return ServerCount(total: Int(total), answering: Int(answering))
    }

    /// Reads an error body (`code`, `message`, and `offset` for a mismatch) back into the
    /// error; an unknown code or shape is judged by the HTTP status.
    public static func parseError(status: Int, _ value: CBORValue) -> HelperError {
        let message = value["message"]?.textValue ?? "HTTP \(status)"
        switch value["code"]?.textValue {
        case "helper.bad_request": return .badRequest(message)
        case "helper.unauthorized": return .unauthorized
        case "helper.not_found": return .notFound(message)
        case "helper.offset_mismatch": return value["offset"]?.uint.map { .offsetMismatch(expected: $0) } ?? .badRequest(message)
        case "helper.parameters_mismatch": return .parametersMismatch(message)
        case "helper.not_receiving": return .notReceiving(message)
        case "helper.taken_over": return .takenOver
        case "helper.too_large": return .tooLarge(message)
        case "helper.busy": return .busy(message)
        case "helper.unavailable": return .unavailable(message)
        case "helper.insufficient_storage": return .insufficientStorage(message)
        case "helper.io": return .io(message)
        default:
            switch status {
            case 401: return .unauthorized
            case 404: return .notFound(message)
            case 413: return .tooLarge(message)
            case 429: return .busy(message)
            case 507: return .insufficientStorage(message)
            case 500...: return .unavailable("HTTP \(status): \(message)")
            default: return .badRequest("HTTP \(status): \(message)")
            }
        }
    }
}
