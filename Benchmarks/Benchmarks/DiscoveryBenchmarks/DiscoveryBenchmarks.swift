import Benchmark
import GatewayDiscovery
import GatewayModel

// What reading a service's API document costs GatewayDiscovery, from the bytes in memory to the REST functions
// Gloo Edge would write into `serviceSpec.rest.transformations` (no HTTP). The documents are generated at setup
// (see GeneratedDocument): 1,000 operations on 250 paths, each with a path, two query and a header parameter and
// a JSON body whose schema nests other schemas through `parent` references 20 levels deep. Names are
// `<scenario>/GatewayDiscovery`.
//
// - OpenAPI1000Functions: parse the OpenAPI 3.0 document (597 KB of JSON) and generate its functions.
// - Swagger1000Functions: the same API as a Swagger 2.0 document.
// - OpenAPI1000Parse: `APIDocument(bytes:location:)` alone, to show how the time splits.
// - ...Allocations: mallocs and peak memory of each, in runs of their own (the malloc counter and the memory
//   sampler slow the timed runs).
//
// Setup checks that both documents give the same 1,000 functions, and spot-checks their templates.

let benchmarks: @Sendable () -> Void = {
    let count = 1_000
    let openAPI = GeneratedDocument.openAPI(operations: count)
    let swagger = GeneratedDocument.swagger(operations: count)
    let openAPILocation = "http://generated.local/openapi.json"
    let swaggerLocation = "http://generated.local/swagger.json"

    let openAPIFunctions = DiscoveryCheck.functions(openAPI, location: openAPILocation)
    let swaggerFunctions = DiscoveryCheck.functions(swagger, location: swaggerLocation)
    DiscoveryCheck.expect(openAPIFunctions, count: count)
    precondition(
        swaggerFunctions == openAPIFunctions,
        "the Swagger 2.0 and OpenAPI 3 documents describe the same API but gave different functions"
    )
    let templateBytes = openAPIFunctions.values.reduce(0) { $0 + ($1.body?.text?.utf8.count ?? 0) }
    print(
        "Discovery1000: OpenAPI \(openAPI.count) bytes, Swagger \(swagger.count) bytes, "
            + "\(openAPIFunctions.count) functions, \(templateBytes) bytes of body templates"
    )

    let timing = Benchmark.Configuration(
        metrics: [.wallClock],
        timeUnits: .milliseconds,
        maxDuration: .seconds(10),
        maxIterations: 100
    )
    let allocations = Benchmark.Configuration(metrics: [.mallocCountTotal, .peakMemoryResident], maxIterations: 5)

    let openAPIFunctionsRun: @Sendable (Benchmark) -> Void = { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DiscoveryCheck.functions(openAPI, location: openAPILocation))
        }
    }
    Benchmark("OpenAPI1000Functions/GatewayDiscovery", configuration: timing, closure: openAPIFunctionsRun)
    Benchmark(
        "OpenAPI1000FunctionsAllocations/GatewayDiscovery",
        configuration: allocations,
        closure: openAPIFunctionsRun
    )

    let swaggerFunctionsRun: @Sendable (Benchmark) -> Void = { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DiscoveryCheck.functions(swagger, location: swaggerLocation))
        }
    }
    Benchmark("Swagger1000Functions/GatewayDiscovery", configuration: timing, closure: swaggerFunctionsRun)
    Benchmark(
        "Swagger1000FunctionsAllocations/GatewayDiscovery",
        configuration: allocations,
        closure: swaggerFunctionsRun
    )

    let openAPIParseRun: @Sendable (Benchmark) -> Void = { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DiscoveryCheck.document(openAPI, location: openAPILocation))
        }
    }
    Benchmark("OpenAPI1000Parse/GatewayDiscovery", configuration: timing, closure: openAPIParseRun)
    Benchmark("OpenAPI1000ParseAllocations/GatewayDiscovery", configuration: allocations, closure: openAPIParseRun)
}

/// The steps the benchmarks time, failing loudly instead of throwing, and the checks made at setup.
enum DiscoveryCheck {
    /// The parsed document.
    static func document(_ bytes: [UInt8], location: String) -> APIDocument {
        do {
            return try APIDocument(bytes: bytes, location: location)
        } catch {
            fatalError("\(location): \(error)")
        }
    }

    /// The document's functions, from its bytes.
    static func functions(_ bytes: [UInt8], location: String) -> [String: TransformationTemplate] {
        do {
            return try RESTFunctionGenerator().functions(of: document(bytes, location: location)).functions
        } catch {
            fatalError("\(location): \(error)")
        }
    }

    /// Checks the number of functions, the path and header templates of the first path's GET and POST, and how the
    /// POST's body nests its schemas.
    static func expect(_ functions: [String: TransformationTemplate], count: Int) {
        precondition(functions.count == count, "\(functions.count) functions, expected \(count)")
        let path =
            "/base/resources00000/{{ default(id, \"\") }}?page={{default(page, \"\")}}"
            + "&filter={{default(filter, \"\")}}"
        for name in ["getResource00000", "postResource00000"] {
            let headers = functions[name]?.headers ?? [:]
            precondition(headers[":path"]?.text == path, "\(name): :path is \(headers[":path"]?.text ?? "missing")")
            precondition(
                headers["X-Trace-Id"]?.text == "{{default(X-Trace-Id, \"\")}}",
                "\(name): the header parameter is missing"
            )
        }
        precondition(functions["getResource00000"]?.body?.text == "", "a GET drops the body")
        // Model01 (the body of postResource00000) nests Model02 as `parent`, which nests Model03, and so on until
        // the chain comes back to Model01.
        let body = functions["postResource00000"]?.body?.text ?? ""
        let expectedStart =
            "{\"active\": {{ default(active, \"\") }},\"children\": {{ default(children, \"\") }},"
            + "\"id\": {{ default(id, \"\") }},\"label\": \"{{ default(label, \"\")}}\","
            + "\"parent\": {\"active\": {{ default(parent.active, \"\") }},"
        precondition(body.hasPrefix(expectedStart), "postResource00000's body starts \(body.prefix(300))")
        let deepest = "parent" + String(repeating: ".parent", count: 18)
        precondition(body.contains("default(\(deepest).score, \"0\")"), "the nesting stops before Model00")
        precondition(body.contains("default(\(deepest).parent, \"\") }}"), "the cycle back to Model01 is not a value")
        precondition(!body.contains("\(deepest).parent.id"), "the nesting does not stop at the cycle")
    }
}
