import AssayCore
import Testing

struct TemplateTests {
    @Test func rendersVariablesWithAndWithoutSpaces() throws {
        let vars: [String: JSONValue] = ["name": "Ada", "n": 3]
        #expect(try Template("Hi {{name}}, {{ n }} items").render(vars) == "Hi Ada, 3 items")
    }

    @Test func rendersDottedPathsAndIndexes() throws {
        let vars: [String: JSONValue] = ["ticket": ["body": "It broke", "tags": ["a", "b"]]]
        #expect(try Template("{{ticket.body}} / {{ticket.tags.1}}").render(vars) == "It broke / b")
    }

    @Test func missingVariableIsAnErrorNotEmptyText() {
        #expect(throws: Template.MissingVariable.self) { try Template("Hello {{who}}").render([:]) }
    }

    @Test func aWholeValueTemplateKeepsAListAList() throws {
        let vars: [String: JSONValue] = ["facts": ["30 days", "free returns"]]
        #expect(try Template.render("{{facts}}", vars) == ["30 days", "free returns"])
        #expect(try Template.render("facts: {{facts}}", vars) == .string(#"facts: ["30 days","free returns"]"#))
    }

    @Test func leavesBracesThatAreNotVariablesAlone() throws {
        #expect(try Template("json {{ }} and {{a b}}").render([:]) == "json {{ }} and {{a b}}")
        #expect(try Template("{\"k\": 1}").render([:]) == "{\"k\": 1}")
    }

    @Test func unicodeSurvives() throws {
        #expect(try Template("¿{{x}}? 🎉").render(["x": "Crème brûlée"]) == "¿Crème brûlée? 🎉")
    }
}
