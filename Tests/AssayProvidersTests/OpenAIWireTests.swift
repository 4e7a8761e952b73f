import AssayCore
import AssayProviders
import Testing

struct OpenAIWireTests {
    let model = ModelSpec(id: "openai/gpt-5.4-mini", provider: "openai", model: "gpt-5.4-mini", apiKeyEnv: "OPENAI_API_KEY")

    @Test func requestBodyHasOpenAIsFieldNames() {
        let request = ChatRequest(system: "Be terse.", user: "Name a prime.", maxTokens: 64, temperature: 0, jsonMode: true, stop: ["\n\n"], seed: 42)
        let body = OpenAIWire().request(for: request, model: model, apiKey: "sk-x").body
        #expect(body["model"] == "gpt-5.4-mini")
        #expect(body["messages"] == [["role": "system", "content": "Be terse."], ["role": "user", "content": "Name a prime."]])
        #expect(body["max_completion_tokens"] == 64)
        #expect(body["max_tokens"] == nil)
        #expect(body["temperature"] == 0)
        #expect(body["stop"] == ["\n\n"])
        #expect(body["seed"] == 42)
        #expect(body["response_format"] == ["type": "json_object"])
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
    }

    @Test func compatibleEndpointsGetMaxTokensAndModelsWithoutTemperatureGetNone() {
        var compatible = model
        compatible.baseURL = "http://127.0.0.1:8000/v1"
        compatible.supportsTemperature = false
        let body = OpenAIWire().request(for: ChatRequest(user: "hi", maxTokens: 10, temperature: 0.7, stream: false), model: compatible, apiKey: nil).body
        #expect(body["max_tokens"] == 10)
        #expect(body["temperature"] == nil)
        #expect(body["stream"] == nil)
        #expect(body["messages"]?.arrayValue?.count == 1)
    }

    @Test(arguments: [
        (429, #"{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}"#, ErrorKind.rateLimited),
        (429, #"{"error":{"message":"no credit","type":"insufficient_quota","code":"insufficient_quota"}}"#, .quotaExhausted),
        (401, #"{"error":{"message":"bad key","type":"invalid_request_error"}}"#, .authentication),
        (400, #"{"error":{"message":"temperature unsupported","param":"temperature"}}"#, .invalidRequest),
        (529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, .overloaded),
        (503, "<html>bad gateway</html>", .serverError),
        (408, "", .timeout),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = OpenAIWire().classifyError(status: status, body: body, headers: [(name: "Retry-After-Ms", value: "1500")])
        #expect(error.kind == kind)
        #expect(error.status == status)
        #expect(error.retryAfter == 1.5)
    }

    @Test func retryPolicyHonoursRetryAfterAndGivesUp() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 0.5, maxDelay: 8, maxRetryAfter: 120, totalBudget: 60)
        let limited = CallError(kind: .rateLimited, message: "", retryAfter: 2)
        #expect(policy.delay(after: limited, attempt: 1, elapsed: 0, jitter: 0) == 2)
        #expect(policy.delay(after: limited, attempt: 3, elapsed: 0, jitter: 0) == nil)
        #expect(policy.delay(after: CallError(kind: .rateLimited, message: "", retryAfter: 500), attempt: 1, elapsed: 0, jitter: 0) == nil)
        #expect(policy.delay(after: CallError(kind: .authentication, message: ""), attempt: 1, elapsed: 0, jitter: 0) == nil)
        #expect(policy.delay(after: CallError(kind: .serverError, message: ""), attempt: 2, elapsed: 0, jitter: 0) == 1)
        #expect(policy.delay(after: CallError(kind: .serverError, message: ""), attempt: 2, elapsed: 0, jitter: 1) == 0.75)
        #expect(policy.delay(after: limited, attempt: 1, elapsed: 59, jitter: 0) == nil)
    }
}
