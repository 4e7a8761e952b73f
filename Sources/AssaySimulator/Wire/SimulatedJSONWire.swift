import AssayCore

/// A simulated wire whose requests are a JSON object posted to one fixed path (every format but Gemini, whose
/// model and method are in the path): `matches` and `parse` come from `path` and `read`.
protocol SimulatedJSONWire: SimulatedWire {
    /// The one path it serves, e.g. `/v1/messages`.
    var path: String { get }
    /// Reads a request body already parsed as a JSON object.
    func read(_ json: JSONValue, headers: [(name: String, value: String)]) -> Result<SimulatedRequest, SimulatedWireError>
}

extension SimulatedJSONWire {
    public func matches(method: String, path: String) -> Bool {
        method == "POST" && path == self.path
    }

    public func parse(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: String
    ) -> Result<SimulatedRequest, SimulatedWireError> {
        SimulatedWireSupport.parseObject(body).flatMap { read($0, headers: headers) }
    }
}
