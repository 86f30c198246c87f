import Hummingbird

/// A responder that counts the requests `base` is answering (``RequestsUnderWay``).
struct CountingResponder<Base: HTTPResponder>: HTTPResponder {
    typealias Context = Base.Context
    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        RequestsUnderWay.count.add(1, ordering: .relaxed)
        defer { RequestsUnderWay.count.subtract(1, ordering: .releasing) }
        return try await base.respond(to: request, context: context)
    }
}
