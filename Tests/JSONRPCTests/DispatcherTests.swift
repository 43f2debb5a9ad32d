import Foundation
@testable import JSONRPC
import Testing
import TestSupport
import JSON

/// A dispatcher with a few fake methods, driven in process.
final class Harness: @unchecked Sendable {
    let output = CapturingOutput()
    let dispatcher: Dispatcher
    let gate = DispatchSemaphore(value: 0)
    let started = DispatchSemaphore(value: 0)

    init(ordered: Bool = true, maxBatch: Int = 1000, maxInFlight: Int = 1024) {
        let gate = gate
        let started = started
        var methods = [
            Method("echo", lane: .inline) { context in .value(context.params ?? .null) },
            Method("fail", lane: .inline) { _ in throw RPCError(code: 1234, kind: "custom", message: "it failed") },
            Method("crash", lane: .inline) { _ in throw CocoaError(.fileNoSuchFile) },
            Method("read", lane: .read) { context in .value(context.params ?? .null) },
            Method("write", lane: .write) { context in .value(context.params ?? .null) },
            Method("tx", lane: .serial("tx:1")) { context in .value(context.params ?? .null) },
            // Blocks until the test opens the gate, or until cancelled (its interrupt opens the
            // gate), as a write waiting for the writer held by an open transaction does.
            Method("block", lane: .write) { context in
                try context.whileRunning(interrupt: { gate.signal() }) {
                    context.waitingForWriter(true)
                    defer { context.waitingForWriter(false) }
                    started.signal()
                    gate.wait()
                }
                try context.checkCancellation()
                return .value("unblocked")
            },
            Method("progress", lane: .read) { context in
                context.progressBegin("working", percentage: 0)
                context.progressReport(message: "half", percentage: 50)
                context.progressEnd()
                return .value(.bool(context.wantsProgress))
            },
        ]
        // Answers what `prepare` read (null when the call was parsed the usual way) and the
        // params as handlers see them.
        var prepared = Method("prepared", lane: .write) { context in
            .value(["prepared": (context.prepared as? PreparedText).map { JSONValue.string($0.text) } ?? .null, "params": context.params ?? .null])
        }
        prepared.prepare = { reader in
            guard reader.enterObject() == true, reader.key(among: ["n"]) == 0, let value = reader.scalar(),
                  reader.nextMember() == false else { return nil }
            return Method.Prepared(lane: .read, params: PreparedText("n=" + JSONWriter.encodeString(value)))
        }
        methods.append(prepared)
        // Writes its whole answer after the request's answer head, as row-returning methods do.
        methods.append(Method("answered", lane: .read) { context in
            var writer = JSONWriter()
            guard context.writeAnswerHead(to: &writer) else { return .value("notification") }
            let head = writer.bytes
            let line = head + Array(#"{"rows":[1,2]}}"#.utf8)
            return .answer(line, result: head.count..<(line.count - 1))
        })
        for index in methods.indices where ["echo", "tx"].contains(methods[index].name) { methods[index].jumpsQueue = { _ in true } }
        dispatcher = Dispatcher(methods: methods, options: Dispatcher.Options(maxBatch: maxBatch, orderedResponses: ordered, maxInFlight: maxInFlight),
                                output: output) { _ in .internalError() }
    }

    func send(_ line: String) { dispatcher.receive(line: Array(line.utf8)) }

    func exchange(_ lines: [String]) -> [String] {
        let before = output.lines.count
        for line in lines { send(line) }
        dispatcher.waitUntilIdle()
        return Array(output.texts.dropFirst(before))
    }
}

@Suite struct DispatcherTests {
    @Test func requestGetsResultWithItsIdEchoed() {
        let harness = Harness()
        #expect(harness.exchange([#"{"jsonrpc":"2.0","id":9007199254740993,"method":"echo","params":{"a":1}}"#])
            == [#"{"jsonrpc":"2.0","id":9007199254740993,"result":{"a":1}}"#])
    }

    @Test func notificationsNeverGetAnAnswer() {
        let harness = Harness()
        let lines = harness.exchange([
            #"{"jsonrpc":"2.0","method":"echo"}"#,
            #"{"jsonrpc":"2.0","method":"fail"}"#,
            #"{"jsonrpc":"2.0","method":"missing"}"#,
            #"[{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","method":"write"}]"#,
        ])
        #expect(lines.isEmpty, "got \(lines)")
    }

    @Test func handlerErrorsBecomeErrorObjects() {
        let harness = Harness()
        #expect(harness.exchange([#"{"jsonrpc":"2.0","id":1,"method":"fail"}"#])
            == [#"{"jsonrpc":"2.0","id":1,"error":{"code":1234,"message":"it failed","data":{"kind":"custom"}}}"#])
        #expect(harness.exchange([#"{"jsonrpc":"2.0","id":2,"method":"crash"}"#])
            == [#"{"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"Internal error","data":{"kind":"internal_error"}}}"#])
    }

    @Test func batchAnswersComeTogetherInMemberOrder() {
        let harness = Harness(ordered: false)
        let lines = harness.exchange([
            #"[{"jsonrpc":"2.0","id":1,"method":"write","params":[1]},{"jsonrpc":"2.0","id":2,"method":"read","params":[2]},{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","id":3,"method":"echo","params":[3]}]"#,
        ])
        #expect(lines == [#"[{"jsonrpc":"2.0","id":1,"result":[1]},{"jsonrpc":"2.0","id":2,"result":[2]},{"jsonrpc":"2.0","id":3,"result":[3]}]"#])
    }

    @Test func orderedModeAnswersInArrivalOrder() {
        let harness = Harness(ordered: true)
        var lines: [String] = []
        for index in 0..<200 {
            let method = ["read", "write", "echo"][index % 3]
            lines.append(#"{"jsonrpc":"2.0","id":\#(index),"method":"\#(method)"}"#)
        }
        let answers = harness.exchange(lines)
        #expect(answers == (0..<200).map { #"{"jsonrpc":"2.0","id":\#($0),"result":null}"# })
    }

    @Test func unorderedModeAnswersEverythingExactlyOnce() {
        let harness = Harness(ordered: false)
        let lines = (0..<500).map { index in
            #"{"jsonrpc":"2.0","id":\#(index),"method":"\#(index % 2 == 0 ? "read" : "write")"}"#
        }
        let answers = harness.exchange(lines)
        let ids = answers.compactMap { try? JSONReader.parse($0).objectValue?["id"]?.int64Value }
        #expect(ids.count == 500)
        #expect(Set(ids) == Set((0..<500).map(Int64.init)))
    }

    @Test func cancellingARunningRequestInterruptsIt() {
        let harness = Harness(ordered: false)
        harness.send(#"{"jsonrpc":"2.0","id":"b","method":"block"}"#)
        harness.started.wait()
        harness.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"b"}}"#)
        harness.dispatcher.waitUntilIdle()
        #expect(harness.output.texts == [#"{"jsonrpc":"2.0","id":"b","error":{"code":-32800,"message":"Request cancelled","data":{"kind":"cancelled"}}}"#])
    }

    @Test func cancellingAQueuedRequestAnswersWithoutRunningIt() {
        let harness = Harness(ordered: true)
        harness.send(#"{"jsonrpc":"2.0","id":1,"method":"block"}"#)
        harness.started.wait()
        harness.send(#"{"jsonrpc":"2.0","id":2,"method":"block"}"#)
        harness.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}"#)
        harness.gate.signal()
        harness.dispatcher.waitUntilIdle()
        #expect(harness.output.texts == [
            #"{"jsonrpc":"2.0","id":1,"result":"unblocked"}"#,
            #"{"jsonrpc":"2.0","id":2,"error":{"code":-32800,"message":"Request cancelled","data":{"kind":"cancelled"}}}"#,
        ])
    }

    @Test func progressIsSentBeforeTheAnswerWhenATokenIsGiven() {
        let harness = Harness(ordered: true)
        let lines = harness.exchange([
            #"{"jsonrpc":"2.0","id":1,"method":"progress","params":{"workDoneToken":"t1"}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"progress"}"#,
        ])
        #expect(lines == [
            #"{"jsonrpc":"2.0","method":"$/progress","params":{"token":"t1","value":{"kind":"begin","title":"working","percentage":0}}}"#,
            #"{"jsonrpc":"2.0","method":"$/progress","params":{"token":"t1","value":{"kind":"report","message":"half","percentage":50}}}"#,
            #"{"jsonrpc":"2.0","method":"$/progress","params":{"token":"t1","value":{"kind":"end"}}}"#,
            #"{"jsonrpc":"2.0","id":1,"result":true}"#,
            #"{"jsonrpc":"2.0","id":2,"result":false}"#,
        ])
    }

    @Test func shutdownRefusesLaterRequestsAndExitStopsInput() {
        let harness = Harness()
        let lines = harness.exchange([
            #"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"echo"}"#,
        ])
        #expect(lines.first == #"{"jsonrpc":"2.0","id":1,"result":null}"#)
        #expect(lines.last?.contains("shutting_down") == true)
        #expect(!harness.dispatcher.shouldExit)
        harness.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(harness.dispatcher.shouldExit)
    }

    @Test func readsObserveEarlierWrites() {
        // A write that takes a while, then a read: the read must start only after the write ends.
        let events = EventLog()
        let methods = [
            Method("slowWrite", lane: .write) { _ in
                Thread.sleep(forTimeInterval: 0.05)
                events.append("write done")
                return .value(.null)
            },
            Method("read", lane: .read) { _ in
                events.append("read")
                return .value(.null)
            },
        ]
        let output = CapturingOutput()
        let dispatcher = Dispatcher(methods: methods, output: output) { _ in .internalError() }
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"slowWrite"}"#.utf8))
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":2,"method":"read"}"#.utf8))
        dispatcher.waitUntilIdle()
        #expect(events.entries == ["write done", "read"])
    }
}

@Suite struct SnapshotReleaseTests {
    @Test func aLongReadThatPinnedItsSnapshotLetsLaterWritesGo() {
        let events = EventLog()
        let gate = DispatchSemaphore(value: 0)
        let methods = [
            Method("longRead", lane: .read) { context in
                // Logged before the release: once released, the write may run at once.
                events.append("read pinned")
                context.snapshotTaken()
                // Held until the later write has run: without the release this would deadlock.
                _ = gate.wait(timeout: .now() + 5)
                events.append("read done")
                return .value(.null)
            },
            Method("write", lane: .write) { _ in
                events.append("write")
                gate.signal()
                return .value(.null)
            },
        ]
        let dispatcher = Dispatcher(methods: methods, output: CapturingOutput()) { _ in .internalError() }
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"longRead"}"#.utf8))
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":2,"method":"write"}"#.utf8))
        dispatcher.waitUntilIdle()
        #expect(events.entries == ["read pinned", "write", "read done"])
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ entry: String) { lock.lock(); stored.append(entry); lock.unlock() }
    var entries: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}

@Suite struct ParamsTests {
    @Test func absentParamsReadAsEmpty() throws {
        let params = try Params(nil, allowed: ["a"])
        #expect(try params.optionalString("a") == nil)
    }

    @Test func unknownKeysAreRefusedButTheProgressTokenIsAlwaysAllowed() throws {
        #expect(throws: RPCError.self) { try Params(["b": 1], allowed: ["a"]) }
        _ = try Params(["workDoneToken": "t"], allowed: [])
    }

    @Test func typeMismatchesNameTheField() {
        do {
            _ = try Params(["a": 1], allowed: ["a"]).string("a")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == ErrorCode.invalidParams)
            #expect(error.data?.objectValue?["field"] == "a")
            #expect(error.data?.objectValue?["expected"] == "string")
            #expect(error.data?.objectValue?["got"] == "number")
        }
    }

    @Test func integersAreCheckedAgainstTheirRange() throws {
        let params = try Params(["n": 5, "f": .number("1.5")], allowed: ["n", "f"])
        #expect(try params.optionalInt("n", in: 0...10) == 5)
        #expect(throws: RPCError.self) { try params.optionalInt("n", in: 0...4) }
        #expect(throws: RPCError.self) { try params.optionalInt("f") }
    }
}

@Suite struct BackpressureTests {
    /// Large unanswered lines fill the byte budget long before the line count limit.
    @Test func largeLinesCountAgainstTheByteBudget() throws {
        let harness = Harness()
        let padding = String(repeating: "x", count: 1 << 20)
        #expect(harness.dispatcher.hasRoom)
        harness.send(#"{"jsonrpc":"2.0","id":0,"method":"block"}"#)
        harness.started.wait()
        // Writes queue behind the blocked one; each line weighs a megabyte.
        for id in 1...4 { harness.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"write","params":{"pad":"\#(padding)"}}"#) }
        #expect(!harness.dispatcher.hasRoom, "4 MiB of unanswered input should leave no room")
        harness.gate.signal()
        harness.dispatcher.waitUntilIdle()
        #expect(harness.dispatcher.hasRoom)
        #expect(harness.output.texts.filter { $0.contains("\"result\"") }.count == 5)
    }
}

@Suite struct ParkingTests {
    /// The queue is full behind a blocked write: later lines are parked, but ping, cancellation
    /// and a serial-lane call (an open transaction's commit) are served at once.
    @Test func urgentLinesJumpParkedOnes() throws {
        let harness = Harness(ordered: false, maxInFlight: 4)
        harness.send(#"{"jsonrpc":"2.0","id":"w","method":"block"}"#)
        harness.started.wait()
        for id in 1...10 { harness.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"read"}"#) }
        #expect(harness.dispatcher.hasParkedLines)
        harness.send(#"{"jsonrpc":"2.0","id":"p","method":"echo"}"#)
        harness.send(#"{"jsonrpc":"2.0","id":"t","method":"tx","params":{"commit":true}}"#)
        harness.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":9}}"#)
        // The blocked write still holds everything else; the urgent lines were answered already.
        let deadline = Date().addingTimeInterval(5)
        while harness.output.texts.count < 3 && Date() < deadline { usleep(1000) }
        let early = harness.output.texts
        #expect(early.count == 3, "got \(early)")
        #expect(early.contains(#"{"jsonrpc":"2.0","id":"p","result":null}"#))
        #expect(early.contains(#"{"jsonrpc":"2.0","id":"t","result":{"commit":true}}"#))
        #expect(early.contains(#"{"jsonrpc":"2.0","id":9,"error":{"code":-32800,"message":"Request cancelled","data":{"kind":"cancelled"}}}"#))
        harness.gate.signal()
        harness.dispatcher.waitUntilIdle()
        let ids = harness.output.texts.compactMap { try? JSONReader.parse($0).objectValue?["id"] }
        #expect(ids.count == 13, "every request answered exactly once: \(harness.output.texts)")
        #expect(Set(ids.map { String(describing: $0) }).count == 13)
    }

    /// Parked lines keep their place: in ordered mode the answers still come in request order.
    @Test func parkedLinesKeepTheirOrder() {
        let harness = Harness(ordered: true, maxInFlight: 2)
        harness.send(#"{"jsonrpc":"2.0","id":0,"method":"block"}"#)
        harness.started.wait()
        let rest = (1...20).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"\#($0 % 2 == 0 ? "read" : "write")"}"# }
        for line in rest { harness.send(line) }
        harness.send(#"{"jsonrpc":"2.0","id":21,"method":"echo"}"#)
        harness.gate.signal()
        harness.dispatcher.waitUntilIdle()
        #expect(harness.output.texts == [#"{"jsonrpc":"2.0","id":0,"result":"unblocked"}"#]
            + (1...21).map { #"{"jsonrpc":"2.0","id":\#($0),"result":null}"# })
    }

    /// `shutdown` jumps the queue, but lines read before it are still served; lines after it are not.
    @Test func shutdownServesWhatCameBeforeIt() {
        let harness = Harness(ordered: true, maxInFlight: 2)
        harness.send(#"{"jsonrpc":"2.0","id":0,"method":"block"}"#)
        harness.started.wait()
        for id in 1...5 { harness.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"read"}"#) }
        harness.send(#"{"jsonrpc":"2.0","id":"s","method":"shutdown"}"#)
        harness.send(#"{"jsonrpc":"2.0","id":6,"method":"read"}"#)
        harness.gate.signal()
        harness.dispatcher.waitUntilIdle()
        let texts = harness.output.texts
        #expect(texts.count == 8)
        #expect(texts.filter { $0.contains("shutting_down") } == [
            #"{"jsonrpc":"2.0","id":6,"error":{"code":-32600,"message":"Invalid request: the server is shutting down; only \"exit\" is accepted","data":{"kind":"shutting_down"}}}"#,
        ])
    }

    /// Past the parking space too, input must pause.
    @Test func parkingSpaceIsBounded() {
        let output = CapturingOutput()
        let gate = DispatchSemaphore(value: 0)
        let dispatcher = Dispatcher(methods: [Method("block", lane: .write) { _ in gate.wait(); return .value(.null) }],
                                    options: Dispatcher.Options(maxInFlight: 2, maxParked: 5), output: output) { _ in .internalError() }
        // Two run (the in-flight limit), four wait; the fifth fills the parking space.
        for id in 0..<6 { dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"block"}"#.utf8)) }
        #expect(!dispatcher.mustPauseInput)
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":6,"method":"block"}"#.utf8))
        #expect(dispatcher.mustPauseInput)
        for _ in 0..<7 { gate.signal() }
        dispatcher.waitUntilIdle()
        #expect(output.texts.count == 7)
    }
}

/// Parked lines are only skimmed when read, and parsed when released.
@Suite struct SkimmedParkingTests {
    /// A parked line that is not valid JSON (a bad escape, invalid UTF-8) is answered with its
    /// parse error in its own place once released; the lines around it run as usual.
    @Test func parkedLinesWithBadJSONAnswerTheirParseErrorInPlace() {
        let harness = Harness(ordered: true, maxInFlight: 2)
        harness.send(#"{"jsonrpc":"2.0","id":0,"method":"block"}"#)
        harness.started.wait()
        harness.send(#"{"jsonrpc":"2.0","id":1,"method":"read"}"#)
        harness.send(#"{"jsonrpc":"2.0","id":2,"method":"read","params":{"bad":"\q"}}"#)
        harness.send(#"{"jsonrpc":"2.0","id":3,"method":"read","params":[1,]}"#)
        harness.send(#"{"jsonrpc":"2.0","id":4,"method":"read","params":{"x":"\ud800"}}"#)
        harness.send(#"{"jsonrpc":"2.0","id":5,"method":"read"}"#)
        #expect(harness.dispatcher.hasParkedLines)
        harness.gate.signal()
        harness.dispatcher.waitUntilIdle()
        let texts = harness.output.texts
        #expect(texts.count == 6, "got \(texts)")
        guard texts.count == 6 else { return }
        #expect(texts[1] == #"{"jsonrpc":"2.0","id":1,"result":null}"#)
        #expect(texts[2].contains(#""id":null,"error":{"code":-32700"#), "got \(texts[2])")
        #expect(texts[3].contains(#""id":null,"error":{"code":-32700"#) && texts[3].contains("trailing comma"), "got \(texts[3])")
        #expect(texts[4].contains(#""id":4,"error":{"code":-32602"#) && texts[4].contains("lone_surrogate"), "got \(texts[4])")
        #expect(texts[5] == #"{"jsonrpc":"2.0","id":5,"result":null}"#)
    }

    /// Whether a parked call jumps the queue may depend on its params (a transaction's calls
    /// name it in `tx`): those are parsed for the decision, others never are.
    @Test func queueJumpingByParamsIsDecidedFromTheSkim() {
        let output = CapturingOutput()
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        var call = Method("call", lane: .inline) { context in .value(context.params ?? .null) }
        call.jumpsQueue = { params in params?.objectValue?["tx"] == .string("open") }
        let block = Method("block", lane: .write) { _ in
            started.signal()
            gate.wait()
            return .value(.null)
        }
        let dispatcher = Dispatcher(methods: [call, block], options: Dispatcher.Options(orderedResponses: false, maxInFlight: 1),
                                    output: output) { _ in .internalError() }
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":0,"method":"block"}"#.utf8))
        started.wait()
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"call","params":{"tx":"closed"}}"#.utf8))
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":2,"method":"call","params":{"sql":"\"tx\"","tx":"open"}}"#.utf8))
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":3,"method":"call","params":{"sql":"select 1"}}"#.utf8))
        #expect(dispatcher.hasParkedLines)
        let deadline = Date().addingTimeInterval(5)
        while output.texts.isEmpty && Date() < deadline { usleep(1000) }
        #expect(output.texts == [#"{"jsonrpc":"2.0","id":2,"result":{"sql":"\"tx\"","tx":"open"}}"#])
        gate.signal()
        dispatcher.waitUntilIdle()
        #expect(output.texts.count == 4)
    }
}

@Suite struct SequenceListTests {
    @Test func removalsInAnyOrderKeepTheOldestRight() {
        var list = SequenceList()
        for sequence in UInt64(0)..<10 { list.append(sequence) }
        #expect(list.remove(3) == false)
        #expect(list.remove(3) == nil)
        #expect(list.remove(42) == nil)
        #expect(list.remove(0) == true)
        #expect(list.first == 1)
        #expect(list.remove(1) == true)
        // 3 was already gone: the front moves past it.
        #expect(list.remove(2) == true)
        #expect(list.first == 4)
        for sequence in UInt64(4)..<10 { _ = list.remove(sequence) }
        #expect(list.isEmpty)
        #expect(list.first == nil)
    }

    /// One call that never finishes at the front: the thousands finished behind it are dropped
    /// as they go, and the list still answers right.
    @Test func finishedNumbersBehindALongCallAreDropped() {
        var list = SequenceList()
        list.append(0)
        for sequence in UInt64(1)...5000 {
            list.append(sequence)
            #expect(list.remove(sequence) == false)
        }
        #expect(list.first == 0)
        #expect(list.count <= 2048, "kept \(list.count)")
        list.append(5001)
        #expect(list.remove(0) == true)
        #expect(list.first == 5001)
    }

    // MARK: Calls prepared from the request's text

    /// A line, and what the method's `prepare` read from it (nil: the line was parsed as usual).
    struct PreparedCase: Sendable, CustomTestStringConvertible {
        let line: String
        let prepared: String?
        var testDescription: String { line }
    }

    static let preparedCases: [PreparedCase] = [
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"method":"prepared","params":{"n":1}}"#, prepared: "n=1"),
        PreparedCase(line: #" { "jsonrpc" : "2.0" , "id" : "a" , "method" : "prepared" , "params" : { "n" : "x\u00e9" } } "#, prepared: #"n="xé""#),
        PreparedCase(line: #"{"id":null,"method":"prepared","params":{"n":null},"jsonrpc":"2.0"}"#, prepared: "n=null"),
        // The params come before the method: read the usual way.
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"params":{"n":1},"method":"prepared"}"#, prepared: nil),
        // A member twice, one more member, a shape `prepare` does not take.
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"id":2,"method":"prepared","params":{"n":1}}"#, prepared: nil),
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"method":"prepared","params":{"n":1},"extra":true}"#, prepared: nil),
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"method":"prepared","params":{"n":[1]}}"#, prepared: nil),
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"method":"prepared","params":{"n":1,"workDoneToken":"t"}}"#, prepared: nil),
        // A key spelt with an escape is the same key, read the usual way.
        PreparedCase(line: #"{"jsonrpc":"2.0","id":1,"method":"prepared","params":{"\u006e":1}}"#, prepared: nil),
    ]

    @Test(arguments: preparedCases)
    func aPlainCallIsPreparedFromItsTextAndAnsweredAsAParsedOne(_ testCase: PreparedCase) throws {
        let harness = Harness()
        let answers = harness.exchange([testCase.line])
        try #require(answers.count == 1, "got \(answers)")
        let request = try JSONReader.parse(testCase.line)
        let answer = try JSONReader.parse(answers[0])
        #expect(answer.objectValue?["id"] == request.objectValue?["id"])
        let result = answer.objectValue?["result"]?.objectValue
        #expect(result?["prepared"] == (testCase.prepared.map(JSONValue.string) ?? .null), "answer \(answers[0])")
        // Prepared or not, a handler sees the same params.
        #expect(result?["params"] == request.objectValue?["params"])
    }

    @Test func linesThatAreNotPlainCallsAreAnsweredAsBefore() {
        let harness = Harness()
        let answers = harness.exchange([
            #"{"jsonrpc":"2.0","method":"prepared","params":{"n":1}}"#,
            #"{"jsonrpc":"1.0","id":1,"method":"prepared","params":{"n":1}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"prepared","params":{"n":1}} x"#,
            #"[{"jsonrpc":"2.0","id":3,"method":"prepared","params":{"n":1}}]"#,
            #"{"jsonrpc":"2.0","id":4,"method":"prepared","params":{"n":"\ud800"}}"#,
        ])
        #expect(answers == [
            #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be exactly \"2.0\"","data":{"kind":"invalid_request","field":"jsonrpc"}}}"#,
            #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: expected end of input after the JSON value, found 'x'","data":{"kind":"parse_error","offset":62}}}"#,
            #"[{"jsonrpc":"2.0","id":3,"result":{"prepared":null,"params":{"n":1}}}]"#,
            #"{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"Invalid params: n holds a lone UTF-16 surrogate escape (\\ud800-\\udfff without its other half), which no UTF-8 text can hold; was the string cut inside a character?","data":{"kind":"invalid_params","field":"n","reason":"lone_surrogate"}}}"#,
        ], "got \(answers)")
    }

    /// A plain call nested deeper than `--max-depth` allows is refused as any other line is.
    @Test func aPlainCallKeepsTheDepthLimit() {
        var prepared = Method("prepared", lane: .read) { context in .value(context.prepared.map { _ in "prepared" } ?? "parsed") }
        prepared.prepare = { reader in
            guard reader.enterObject() == true, reader.key(among: ["n"]) == 0, let value = reader.scalar(),
                  reader.nextMember() == false else { return nil }
            return Method.Prepared(lane: .read, params: PreparedText(JSONWriter.encodeString(value)))
        }
        let output = CapturingOutput()
        let dispatcher = Dispatcher(methods: [prepared], options: Dispatcher.Options(maxDepth: 1, orderedResponses: true), output: output) { _ in
            .internalError()
        }
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"prepared","params":{"n":1}}"#.utf8))
        dispatcher.receive(line: Array(#"{"jsonrpc":"2.0","id":2,"method":"prepared","params":{"n":1},"x":1}"#.utf8))
        dispatcher.waitUntilIdle()
        let answers = output.texts
        #expect(answers.count == 2)
        for answer in answers {
            #expect(answer.contains(#""code":-32700"#) && answer.contains("nesting deeper than 1 levels"), "\(answer)")
        }
        let deeper = CapturingOutput()
        let allowing = Dispatcher(methods: [prepared], options: Dispatcher.Options(maxDepth: 2, orderedResponses: true), output: deeper) { _ in
            .internalError()
        }
        allowing.receive(line: Array(#"{"jsonrpc":"2.0","id":3,"method":"prepared","params":{"n":1}}"#.utf8))
        allowing.waitUntilIdle()
        #expect(deeper.texts == [#"{"jsonrpc":"2.0","id":3,"result":"prepared"}"#])
    }

    @Test func aPreparedCallTakesTheLaneItsMethodChoseAndIsRefusedAfterShutdown() {
        let harness = Harness()
        let answers = harness.exchange([
            #"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"prepared","params":{"n":1}}"#,
        ])
        #expect(answers == [
            #"{"jsonrpc":"2.0","id":1,"result":null}"#,
            #"{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Invalid request: the server is shutting down; only \"exit\" is accepted","data":{"kind":"shutting_down"}}}"#,
        ], "got \(answers)")
    }

    @Test func aResultWrittenAfterTheAnswerHeadIsTheAnswerAsItIs() {
        let harness = Harness()
        #expect(harness.exchange([
            #"{"jsonrpc":"2.0","id":"a\u00e9","method":"answered"}"#,
            #"{"jsonrpc":"2.0","id":-1.5e3,"method":"answered"}"#,
            #"[{"jsonrpc":"2.0","id":7,"method":"answered"},{"jsonrpc":"2.0","id":8,"method":"echo","params":[8]}]"#,
        ]) == [
            #"{"jsonrpc":"2.0","id":"aé","result":{"rows":[1,2]}}"#,
            #"{"jsonrpc":"2.0","id":-1.5e3,"result":{"rows":[1,2]}}"#,
            #"[{"jsonrpc":"2.0","id":7,"result":{"rows":[1,2]}},{"jsonrpc":"2.0","id":8,"result":[8]}]"#,
        ])
        var writer = JSONWriter()
        ResponseEncoder.writeSuccessHead(id: .number("3"), to: &writer)
        let head = writer.bytes
        let result = MethodResult.answer(head + Array(#"[true]}"#.utf8), result: head.count..<(head.count + 6))
        #expect(String(decoding: result.encodedResult, as: UTF8.self) == "[true]")
        #expect(String(decoding: ResponseEncoder.success(id: .string("x"), result: .encoded(result.encodedResult)), as: UTF8.self)
            == #"{"jsonrpc":"2.0","id":"x","result":[true]}"#)
    }
}

/// A line's bytes tell most non-urgent lines apart without reading them (see `UrgentWords`).
@Suite struct UrgentWordsTests {
    let words = UrgentWords(names: ["ping", "$/cancelRequest"])

    func mayBeUrgent(_ line: String) -> Bool {
        Array(line.utf8).withUnsafeBytes { words.mayBeUrgent($0) }
    }

    @Test func aLineNamingNoUrgentWordIsNotUrgent() {
        #expect(!mayBeUrgent(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"SELECT 1"}}"#))
        #expect(!mayBeUrgent(#"{"jsonrpc":"2.0","id":1,"method":"pingy","params":{"txt":"pings","texts":["a ping"]}}"#), "only whole quoted words count")
        #expect(!mayBeUrgent(""))
        #expect(!mayBeUrgent(#"""#))
    }

    @Test func aLineHoldingAnUrgentWordOrAnEscapeMayBe() {
        #expect(mayBeUrgent(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#))
        #expect(mayBeUrgent(#"{"method":"$/cancelRequest","params":{"id":3}}"#))
        #expect(mayBeUrgent(#"{"method":"query.get","params":{"tx":"t1","table":"users"}}"#), "a call naming a transaction")
        #expect(mayBeUrgent(#"{"method":"\u0070ing"}"#), "an escape may spell a name")
        #expect(mayBeUrgent(#"{"method":"$\/cancelRequest"}"#))
        // A word at the very end of the line.
        #expect(mayBeUrgent(#""ping""#))
    }

    @Test func pastSixtyFourWordsEveryLineIsSkimmed() {
        let many = UrgentWords(names: (0..<70).map { "m\($0)" })
        #expect(Array(#"{"method":"query.sql"}"#.utf8).withUnsafeBytes { many.mayBeUrgent($0) })
    }
}

/// What the test methods' `prepare` reads, as `Method.Prepared` takes it (an object).
final class PreparedText: Sendable {
    let text: String
    init(_ text: String) { self.text = text }
}
