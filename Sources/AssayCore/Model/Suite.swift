/// An eval suite: a prompt template, a dataset of cases and the assertions that grade each answer.
public struct Suite: Sendable {
    public var name: String
    public var version: String
    /// The kind of task, as the router knows it (e.g. `customer-support`); routing is per category.
    public var category: String
    public var description: String
    /// The suite file it was loaded from.
    public var path: String
    public var system: String?
    public var prompt: String
    public var responseFormat: ResponseFormat
    public var maxTokens: Int
    public var temperature: Double?
    /// Pass threshold on the weighted score; nil means every assertion must pass.
    public var threshold: Double?
    /// The judge model id for this suite's judge assertions, overriding the catalog's.
    public var judge: String?
    /// Templates the simulated fleet renders to answer: a correct and a flawed answer.
    public var simulatorReference: String?
    public var simulatorFlawed: String?
    public var assertions: [AssertionSpec]
    public var cases: [TestCase]
    /// The functions the model may call, and whether it must (`tool_choice`).
    public var tools: [ToolSpec] = []
    public var toolChoice: ToolChoice?
    /// Results the suite sends back for tool calls that no case's own results answer.
    public var toolResults: [ScriptedToolResult] = []
    /// Model turns at most in one case: each turn that calls tools gets their results and one more turn, until
    /// the model answers without a call or the limit is reached.
    public var maxTurns: Int = 1
    /// Templates of the simulated fleet's tool calls (JSON: a list of steps, each a list of calls), correct and flawed.
    public var simulatorCalls: String?
    public var simulatorFlawedCalls: String?
    /// Human-labelled answers that measure the suite's judges (`calibration.jsonl` beside the suite).
    public var calibration: [CalibrationItem] = []

    public enum ResponseFormat: String, Sendable {
        case text
        case json
    }

    public init(
        name: String, version: String = "1", category: String, description: String = "", path: String = "",
        system: String? = nil, prompt: String, responseFormat: ResponseFormat = .text, maxTokens: Int = 512,
        temperature: Double? = 0, threshold: Double? = nil, judge: String? = nil,
        simulatorReference: String? = nil, simulatorFlawed: String? = nil,
        assertions: [AssertionSpec], cases: [TestCase]
    ) {
        self.name = name
        self.version = version
        self.category = category
        self.description = description
        self.path = path
        self.system = system
        self.prompt = prompt
        self.responseFormat = responseFormat
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.threshold = threshold
        self.judge = judge
        self.simulatorReference = simulatorReference
        self.simulatorFlawed = simulatorFlawed
        self.assertions = assertions
        self.cases = cases
    }
}
