/// Renders parsed nodes the way Inja 3.4's renderer does: local data (`set` values, loop variables and `loop`)
/// over the JSON context, errors with Inja's or nlohmann::json's messages and Inja's positions.
///
/// Not generic over the callbacks: one compiled renderer serves every caller, in this module or not.
struct TemplateRenderer {
    let program: Template.Program
    let data: JSONValue
    let escapeStrings: Bool
    let callbacks: any TemplateCallbacks
    var output: [UInt8] = []
    /// Inja's `additional_data`: starts as `{"loop": null}`.
    private var local = Self.initialLocal
    private static let initialLocal = JSONValue.object(JSONObject([.init(key: Array("loop".utf8), value: .null)]))
    /// The `block` statements being rendered, for `super()`.
    var blockDepth = 0

    init(program: Template.Program, data: JSONValue, escapeStrings: Bool, callbacks: any TemplateCallbacks) {
        self.program = program
        self.data = data
        self.escapeStrings = escapeStrings
        self.callbacks = callbacks
    }

    /// The result of evaluating an expression: a value, or the variable that was not found.
    enum Evaluation {
        case value(JSONValue)
        case missing(TemplateVariable)
    }

    func renderError(_ message: String, at position: Int) -> TransformError {
        let (line, column) = TemplateSource.location(in: program.source, of: position)
        return TransformError(.renderFailed, "[inja.exception.render_error] (at \(line):\(column)) \(message)")
    }

    mutating func render(_ nodes: [TemplateNode]) throws(TransformError) {
        for node in nodes {
            switch node {
            case .text(let range):
                output.append(contentsOf: program.source[range])
            case .print(let expression, let position):
                let value = try evaluateStatement(expression, at: position)
                try print(value)
            case .condition(let expression, _, let then, let otherwise):
                if Self.isTruthy(try evaluateStatement(expression)) {
                    try render(then)
                } else if let otherwise {
                    try render(otherwise)
                }
            case .forArray(let name, let expression, let position, let body):
                guard case .array(let items) = try evaluateStatement(expression) else {
                    throw renderError("object must be an array", at: position)
                }
                try loop(count: items.count, names: (nil, name), body: body) { index in
                    (nil, items[index])
                }
            case .forObject(let keyName, let valueName, let expression, let position, let body):
                guard case .object(let object) = try evaluateStatement(expression) else {
                    throw renderError("object must be an object", at: position)
                }
                try loop(count: object.count, names: (keyName, valueName), body: body) { index in
                    (.string(object[index].key), object[index].value)
                }
            case .set(let pointer, let expression, _):
                let value = try evaluateStatement(expression)
                try pointer.get().assign(value, in: &local)
            case .include(let name, let extends, let position):
                throw renderError("\(extends ? "extends" : "include") '\(name)' not found", at: position)
            case .block(_, let body):
                blockDepth += 1
                defer { blockDepth -= 1 }
                try render(body)
            }
        }
    }

    // MARK: - Loops

    /// Keys of the local data a loop writes.
    private enum Key {
        static let loop = Array("loop".utf8)
        static let parent = Array("parent".utf8)
        static let isFirst = Array("is_first".utf8)
        static let isLast = Array("is_last".utf8)
        static let index = Array("index".utf8)
        static let index1 = Array("index1".utf8)
    }

    /// Runs a loop the way Inja keeps `loop`: an outer loop's data moves to `loop.parent`, and is restored after.
    private mutating func loop(
        count: Int,
        names: (key: [UInt8]?, value: [UInt8]),
        body: [TemplateNode],
        item: (Int) -> (key: JSONValue?, value: JSONValue)
    ) throws(TransformError) {
        let outer = localMember(Key.loop)
        if !Self.isEmpty(outer) && names.key != nil {
            // An object loop moves the outer data into `parent`: the new data holds only that, whatever its type.
            setLocal(Key.loop, .object(JSONObject([.init(key: Key.parent, value: outer)])))
        }
        try updateLoop { state in
            // An array loop copies it into `parent` and keeps it.
            if !Self.isEmpty(outer) && names.key == nil { state[Key.parent] = outer }
            state[Key.isFirst] = .bool(true)
            state[Key.isLast] = .bool(count <= 1)
        }
        for index in 0..<count {
            let (key, value) = item(index)
            if let keyName = names.key, let key { setLocal(keyName, key) }
            setLocal(names.value, value)
            try updateLoop { state in
                state[Key.index] = .uint(UInt64(index))
                state[Key.index1] = .uint(UInt64(index + 1))
                if index == 1 { state[Key.isFirst] = .bool(false) }
                if index == count - 1 { state[Key.isLast] = .bool(true) }
            }
            try render(body)
        }
        if let keyName = names.key { setLocal(keyName, Self.cleared(localMember(keyName))) }
        setLocal(names.value, Self.cleared(localMember(names.value)))
        var parent = JSONValue.null
        try updateLoop { state in
            // Reading `loop.parent` with `operator[]` inserts it.
            parent = state[Key.parent] ?? .null
            if state[Key.parent] == nil { state[Key.parent] = .null }
        }
        if !Self.isEmpty(parent) { setLocal(Key.loop, parent) }
    }

    /// Changes `loop` in place (it is taken out of the local data meanwhile, so that its storage is not copied).
    /// Only null (as an empty object) and objects take fields, as with `operator[]`.
    private mutating func updateLoop(_ change: (inout JSONObject) -> Void) throws(TransformError) {
        guard case .object(var object) = local else { return }
        local = .null
        var current = object[Key.loop] ?? .null
        object[Key.loop] = .null
        var state: JSONObject
        switch current {
        case .null:
            state = JSONObject()
        case .object(let existing):
            state = existing
        default:
            object[Key.loop] = current
            local = .object(object)
            throw Self.typeError(305, "cannot use operator[] with a string argument with \(current.typeName)")
        }
        current = .null
        change(&state)
        object[Key.loop] = .object(state)
        local = .object(object)
    }

    private func localMember(_ key: [UInt8]) -> JSONValue {
        guard case .object(let object) = local else { return .null }
        return object[key] ?? .null
    }

    private mutating func setLocal(_ key: [UInt8], _ value: JSONValue) {
        guard case .object(var object) = local else { return }
        local = .null
        object[key] = value
        local = .object(object)
    }

    /// nlohmann's `clear()`: the empty value of the same type.
    private static func cleared(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null: .null
        case .bool: .bool(false)
        case .int: .int(0)
        case .uint: .uint(0)
        case .double: .double(0)
        case .string: .string([])
        case .array: .array([])
        case .object: .object(JSONObject())
        }
    }

    /// nlohmann's `empty()`: null and empty containers.
    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .array(let array): array.isEmpty
        case .object(let object): object.isEmpty
        default: false
        }
    }

    // MARK: - Printing

    private mutating func print(_ value: JSONValue) throws(TransformError) {
        switch value {
        case .string(let bytes):
            if escapeStrings {
                try JSONText.escape(bytes, into: &output)
            } else {
                output.append(contentsOf: bytes)
            }
        case .int(let number):
            JSONValue.appendNumber(number, to: &output)
        case .uint(let number):
            // Printed as nlohmann's signed integer: above Int64.max it wraps.
            JSONValue.appendNumber(Int64(bitPattern: number), to: &output)
        case .null:
            break
        default:
            try JSONText.dump(value, into: &output)
        }
    }

    // MARK: - Evaluation

    /// A statement's expression, which must be present and found. Inja places an empty statement expression at
    /// the template's start (its expression node has no position of its own); a printed one where it stands.
    private mutating func evaluateStatement(
        _ expression: TemplateExpression?,
        at position: Int = 0
    )
        throws(TransformError) -> JSONValue
    {
        guard let expression else { throw renderError("empty expression", at: position) }
        let evaluation = try evaluate(expression)
        return try require(evaluation)
    }

    func require(_ evaluation: Evaluation) throws(TransformError) -> JSONValue {
        switch evaluation {
        case .value(let value): return value
        case .missing(let variable):
            throw renderError(
                "variable '\(String(decoding: variable.name, as: UTF8.self))' not found",
                at: variable.position
            )
        }
    }

    mutating func evaluate(_ expression: TemplateExpression) throws(TransformError) -> Evaluation {
        switch expression {
        case .literal(let value):
            return .value(value)
        case .variable(let variable):
            return try lookUp(variable)
        case .callback(let index, let arguments, _):
            let values = try requireAll(arguments)
            return .value(try callbacks.call(index, values))
        case .builtin(let builtin, let arguments, let position):
            return try evaluate(builtin, arguments, at: position)
        }
    }

    /// Local data, then the context, then a callback of no arguments by that name.
    func lookUp(_ variable: TemplateVariable) throws(TransformError) -> Evaluation {
        if let value = try variable.pointer.value(in: local) { return .value(value) }
        if let value = try variable.pointer.value(in: data) { return .value(value) }
        if let index = program.functions.index(of: variable.name, arguments: 0) {
            return .value(try callbacks.call(index, []))
        }
        return .missing(variable)
    }

    /// Evaluates every argument, then reports the last one not found, as Inja's argument stack does.
    mutating func requireAll(_ arguments: [TemplateExpression]) throws(TransformError) -> [JSONValue] {
        var evaluations: [Evaluation] = []
        evaluations.reserveCapacity(arguments.count)
        for argument in arguments { evaluations.append(try evaluate(argument)) }
        var values: [JSONValue] = []
        values.reserveCapacity(arguments.count)
        for evaluation in evaluations.reversed() { values.append(try require(evaluation)) }
        values.reverse()
        return values
    }

    /// Inja's truthiness: booleans as they are, numbers unless zero, null false, containers unless empty.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .bool(let flag): flag
        // `value != 0` compiles to `!(value == 0)`, so NaN is true.
        case .int, .uint, .double: !JSONOrder.equal(value, .int(0))
        case .null: false
        // nlohmann's `empty()` is false for every string, so "" is true.
        case .string: true
        case .array(let array): !array.isEmpty
        case .object(let object): !object.isEmpty
        }
    }
}

extension JSONValue {
    /// The members of an object; empty for anything else.
    var objectOrEmpty: JSONObject {
        if case .object(let object) = self { return object }
        return JSONObject()
    }
}
