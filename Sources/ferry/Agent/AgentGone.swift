/// The agent ended (killed, crashed) while a command waited for transfers it had handed
/// over: their ids, for the command to go on with them itself.
struct AgentGone: Error {
    let ids: [Int64]
}
