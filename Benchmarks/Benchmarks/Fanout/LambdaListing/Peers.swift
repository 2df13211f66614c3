import Foundation

/// A failure of one of the Python processes.
struct PeerFailure: Error, CustomStringConvertible {
    var description: String
}

/// A Python process that prints lines on its standard output and ends when its standard input closes. Reads
/// block: the benchmark calls them from the main thread, never from one of Swift concurrency's own threads.
final class PythonProcess {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending: [UInt8] = []
    let name: String

    /// Starts `python3 arguments...`.
    init(_ name: String, arguments: [String]) throws {
        self.name = name
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next line it prints, without the newline.
    func readLine() throws -> String {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw PeerFailure(description: "\(name) exited") }
            pending += chunk
        }
    }

    /// The first line it prints that starts with `prefix`, without the prefix.
    func readLine(startingWith prefix: String) throws -> String {
        while true {
            let line = try readLine()
            if line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)) }
        }
    }

    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes its standard input, which ends it, and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// The Python side of the benchmark: lambda_peer.py (moto), a server that replays one saved answer, and a client
/// that times boto3 and urllib calls.
enum Peers {
    /// lambda_peer.py: `given`, else the first of the usual places that exists.
    static func locateLambdaPeer(_ given: String?) throws -> String {
        let relative = "Tests/IntegrationTests/Goldens/peers/lambda_peer.py"
        // This file is Benchmarks/Benchmarks/Fanout/LambdaListing/Peers.swift in the repository.
        var repository = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { repository.deleteLastPathComponent() }
        let fromSource = repository.appendingPathComponent(relative).path
        let candidates = given.map { [$0] } ?? [relative, "../" + relative, fromSource]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw PeerFailure(description: "lambda_peer.py not found (tried \(candidates)); pass --peer PATH")
        }
        return found
    }

    /// moto's server with `functions` functions (no published versions, no aliases), and its port.
    static func moto(script: String, functions: Int) throws -> (PythonProcess, port: Int) {
        let peer = try PythonProcess(
            "lambda_peer.py",
            arguments: [script, "--functions", String(functions), "--versions", "0"]
        )
        guard let port = Int(try peer.readLine(startingWith: "lambda=")) else {
            throw PeerFailure(description: "lambda_peer.py printed no port")
        }
        _ = try peer.readLine(startingWith: "ready")
        return (peer, port)
    }

    /// A server that answers every GET with the contents of `file` (HTTP/1.1, keep-alive), and its port.
    static func replay(file: String) throws -> (PythonProcess, port: Int) {
        let server = try PythonProcess("the replay server", arguments: ["-c", replayScript, file])
        guard let port = Int(try server.readLine(startingWith: "port=")) else {
            throw PeerFailure(description: "the replay server printed no port")
        }
        return (server, port)
    }

    /// A client that, for each line `boto3 ENDPOINT` or `urllib URL` it reads, makes that call once and prints
    /// `{"count": ..., "seconds": ...}`: functions listed by boto3's `list_functions` paginator
    /// (`FunctionVersion='ALL'`), or bytes read by a urllib GET with `headers`. Its first line names the versions.
    static func client(headers: String) throws -> (PythonProcess, versions: Versions) {
        let client = try PythonProcess("the Python client", arguments: ["-c", clientScript, headers])
        let versions = try JSONDecoder().decode(Versions.self, from: Data(try client.readLine().utf8))
        return (client, versions)
    }

    struct Versions: Decodable {
        var python: String
        var boto3: String
        var botocore: String
        var moto: String
    }

    struct Call: Decodable {
        /// Functions listed (boto3) or bytes read (urllib).
        var count: Int
        var seconds: Double
    }

    /// One call through the client, timed inside Python.
    static func call(_ client: PythonProcess, _ mode: String, _ target: String) throws -> Call {
        try client.send("\(mode) \(target)")
        return try JSONDecoder().decode(Call.self, from: Data(try client.readLine().utf8))
    }

    private static let replayScript = """
        import http.server, sys, threading
        body = open(sys.argv[1], "rb").read()
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *arguments):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"port={server.server_address[1]}", flush=True)
        sys.stdin.read()
        """

    private static let clientScript = """
        import json, os, platform, sys, time
        os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                          AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull,
                          AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        import boto3, botocore, moto, urllib.request
        headers = json.loads(sys.argv[1])
        clients = {}
        def list_functions(endpoint):
            if endpoint not in clients:
                clients[endpoint] = boto3.client("lambda", region_name="us-east-1", endpoint_url=endpoint)
            functions = []
            for page in clients[endpoint].get_paginator("list_functions").paginate(FunctionVersion="ALL"):
                functions.extend(page["Functions"])
            return len(functions)
        def get(url):
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
                return len(answer.read())
        print(json.dumps({"python": platform.python_version(), "boto3": boto3.__version__,
                          "botocore": botocore.__version__, "moto": moto.__version__}), flush=True)
        for line in sys.stdin:
            mode, target = line.split()
            start = time.perf_counter()
            count = list_functions(target) if mode == "boto3" else get(target)
            print(json.dumps({"count": count, "seconds": time.perf_counter() - start}), flush=True)
        """
}
