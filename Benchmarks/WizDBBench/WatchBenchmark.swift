import Foundation

/// Live queries: how long after a write's answer its `watch/changed` arrives (same process and
/// another process), what open watches cost the writer, and what polling costs when idle.
enum WatchBenchmark {
    static func run(binary: String, folder: String, writes: Int, samples: Int) throws {
        let db = folder + "/watch.sqlite"
        let setup = try PipeClient(binary, ["--db", db])
        setup.write(Array(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"}}"#.utf8 + [0x0A]))
        setup.write(Array(#"{"jsonrpc":"2.0","id":2,"method":"query.sql","params":{"sql":"CREATE TABLE o (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"}}"#.utf8 + [0x0A]))
        setup.write(Array(#"{"jsonrpc":"2.0","id":3,"method":"query.sql","params":{"sql":"INSERT INTO t VALUES (1, 0)"}}"#.utf8 + [0x0A]))
        setup.write(Array(#"{"jsonrpc":"2.0","id":4,"method":"query.sql","params":{"sql":"INSERT INTO o VALUES (1, 0)"}}"#.utf8 + [0x0A]))
        for _ in 0..<4 { _ = setup.readLine() }
        setup.closeInput()
        setup.wait()

        print("latency from a write's answer to its watch/changed (\(samples) writes, one at a time):")
        let same = try latency(binary: binary, db: db, samples: samples, otherProcess: false)
        print("  " + same.line("write in the same process"))
        let other = try latency(binary: binary, db: db, samples: samples, otherProcess: true)
        print("  " + other.line("write in another process (polling every 5 ms)"))

        print("pipelined query.update throughput (\(writes) writes):")
        let none = try throughput(binary: binary, db: db, writes: writes, watches: 0, table: "o")
        let otherTable = try throughput(binary: binary, db: db, writes: writes, watches: 100, table: "o")
        let sameTable = try throughput(binary: binary, db: db, writes: writes, watches: 100, table: "t")
        print(String(format: "  no watches                  %10.0f writes/s", none))
        print(String(format: "  100 watches, another table  %10.0f writes/s   %.2fx", otherTable, otherTable / none))
        print(String(format: "  100 watches, the same table %10.0f writes/s   %.2fx", sameTable, sameTable / none))

        let idleNone = try idleCPU(binary: binary, db: db, watch: false)
        let idleWatching = try idleCPU(binary: binary, db: db, watch: true)
        print(String(format: "idle CPU over 5 s: %.3f s with no watch, %.3f s with one watch open (polling)", idleNone, idleWatching))
    }

    private static func line(_ text: String) -> [UInt8] { Array(text.utf8) + [0x0A] }
    private static func isNotification(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: #"{"jsonrpc":"2.0","method":"watch/changed""#.utf8)
    }

    private static func openWatch(_ client: PipeClient, id: Int, table: String) {
        client.write(line(#"{"jsonrpc":"2.0","id":\#(id),"method":"query.watch","params":{"method":"query.sql","params":{"sql":"SELECT v FROM \#(table) WHERE id = 1"}}}"#))
        while isNotification(client.readLine()) {}
    }

    private static func latency(binary: String, db: String, samples: Int, otherProcess: Bool) throws -> Summary {
        let watcher = try PipeClient(binary, ["--db", db])
        openWatch(watcher, id: 0, table: "t")
        let writer = otherProcess ? try PipeClient(binary, ["--db", db]) : watcher
        var latencies: [UInt64] = []
        let started = now()
        for index in 1...samples {
            writer.write(line(#"{"jsonrpc":"2.0","id":\#(index),"method":"query.sql","params":{"sql":"UPDATE t SET v = v + 1 WHERE id = 1"}}"#))
            var answered: UInt64 = 0
            var notified: UInt64 = 0
            if otherProcess {
                _ = writer.readLine()
                answered = now()
                while !isNotification(watcher.readLine()) {}
                notified = now()
            } else {
                while answered == 0 || notified == 0 {
                    let got = watcher.readLine()
                    if isNotification(got) { notified = now() } else { answered = now() }
                }
            }
            latencies.append(notified > answered ? notified - answered : 0)
        }
        let elapsed = now() - started
        for client in Set([ObjectIdentifier(watcher), ObjectIdentifier(writer)]).count == 2 ? [watcher, writer] : [watcher] {
            client.closeInput()
            client.wait()
        }
        return Summary(count: samples, elapsedNanos: elapsed, latencies: latencies)
    }

    private static func throughput(binary: String, db: String, writes: Int, watches: Int, table: String) throws -> Double {
        let client = try PipeClient(binary, ["--db", db])
        for index in 0..<watches { openWatch(client, id: 1_000_000 + index, table: table) }
        let requests = (0..<writes).map { line(#"{"jsonrpc":"2.0","id":\#($0),"method":"query.sql","params":{"sql":"UPDATE t SET v = v + 1 WHERE id = 1"}}"#) }
        let writer = Thread {
            var chunk: [UInt8] = []
            for request in requests {
                chunk += request
                if chunk.count >= 8192 {
                    client.write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            client.write(chunk)
        }
        let started = now()
        writer.start()
        var answers = 0
        while answers < writes {
            if !isNotification(client.readLine()) { answers += 1 }
        }
        let seconds = Double(now() - started) / 1e9
        client.closeInput()
        client.wait()
        return Double(writes) / seconds
    }

    private static func idleCPU(binary: String, db: String, watch: Bool) throws -> Double {
        let client = try PipeClient(binary, ["--db", db])
        if watch { openWatch(client, id: 1, table: "t") }
        let before = client.cpuSeconds()
        Thread.sleep(forTimeInterval: 5)
        let used = client.cpuSeconds() - before
        client.closeInput()
        client.wait()
        return used
    }
}
