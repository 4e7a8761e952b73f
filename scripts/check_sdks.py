"""The official SDKs of the six providers against Assay's simulated fleet (`assay simulate`, or the
test suite's in-process server): each must accept the fleet's answers, plain and streamed, with usage
and finish reasons, and turn its errors into the SDK's own error classes.

usage: check_sdks.py BASE_URL  (e.g. http://127.0.0.1:8787). Models: `swift-mini` answers (and calls
`lookup_order` for "Where is my order LH-10001?" when the fleet's answer key has the test's tool case),
`limited` always answers 429, `nope` does not exist."""
import sys

BASE = sys.argv[1].rstrip("/")
results = []


def check(name, fn):
    try:
        ok, detail = fn()
    except Exception as e:  # an SDK that rejects the answer raises: that is a failure, with its message
        ok, detail = False, f"{type(e).__name__}: {e}"
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f"  -- {detail}"))


def raises(fn, check_error):
    try:
        fn()
    except Exception as e:
        return check_error(e), f"{type(e).__name__}: {e}"
    return False, "no error raised"


msgs = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say something."}]

import openai

oc = openai.OpenAI(api_key="sk-sim", base_url=BASE + "/v1", max_retries=0)


def openai_plain():
    r = oc.chat.completions.create(model="swift-mini", messages=msgs, max_completion_tokens=200)
    return bool(r.choices[0].message.content) and r.choices[0].finish_reason == "stop" and r.usage.completion_tokens > 0, r


def openai_stream():
    text, finish, usage = "", None, None
    for chunk in oc.chat.completions.create(model="swift-mini", messages=msgs, max_completion_tokens=3, stream=True, stream_options={"include_usage": True}):
        if chunk.choices:
            text += chunk.choices[0].delta.content or ""
            finish = chunk.choices[0].finish_reason or finish
        if chunk.usage:
            usage = chunk.usage
    return bool(text) and finish == "length" and usage is not None and usage.completion_tokens == 3, (text, finish, usage)


check("openai plain", openai_plain)
check("openai stream (length)", openai_stream)
check("openai 429 -> RateLimitError", lambda: raises(lambda: oc.chat.completions.create(model="limited", messages=msgs), lambda e: isinstance(e, openai.RateLimitError)))
check("openai 404 -> NotFoundError", lambda: raises(lambda: oc.chat.completions.create(model="nope", messages=msgs), lambda e: isinstance(e, openai.NotFoundError)))

from huggingface_hub import InferenceClient

hc = InferenceClient(base_url=BASE + "/v1", api_key="hf_sim")
check("huggingface plain", lambda: (lambda r: (bool(r.choices[0].message.content) and r.usage.prompt_tokens > 0, r))(hc.chat_completion(messages=msgs, model="lumen-hf", max_tokens=200)))
check("huggingface stream", lambda: (lambda t: (bool(t), t))("".join((c.choices[0].delta.content or "") for c in hc.chat_completion(messages=msgs, model="lumen-hf", max_tokens=200, stream=True) if c.choices)))

import anthropic

ac = anthropic.Anthropic(api_key="sk-ant-sim", base_url=BASE, max_retries=0)


def anthropic_plain():
    r = ac.messages.create(model="atlas-large", max_tokens=200, system="Be brief.", messages=[{"role": "user", "content": "Say something."}])
    return bool(r.content[0].text) and r.stop_reason == "end_turn" and r.usage.output_tokens > 0 and r.usage.input_tokens > 0, r


def anthropic_stream():
    with ac.messages.stream(model="atlas-large", max_tokens=3, messages=[{"role": "user", "content": "Say something."}]) as s:
        text = "".join(s.text_stream)
        final = s.get_final_message()
    return bool(text) and final.stop_reason == "max_tokens" and final.usage.output_tokens == 3, (text, final)


check("anthropic plain", anthropic_plain)
check("anthropic stream (max_tokens)", anthropic_stream)
check("anthropic 429 -> RateLimitError", lambda: raises(lambda: ac.messages.create(model="limited", max_tokens=5, messages=[{"role": "user", "content": "x"}]), lambda e: isinstance(e, anthropic.RateLimitError)))
check("anthropic 404 -> NotFoundError", lambda: raises(lambda: ac.messages.create(model="nope", max_tokens=5, messages=[{"role": "user", "content": "x"}]), lambda e: isinstance(e, anthropic.NotFoundError)))

from google import genai
from google.genai import errors as gerrors
from google.genai import types

gc = genai.Client(api_key="sim", http_options=types.HttpOptions(base_url=BASE + "/", api_version="v1beta"))
config = types.GenerateContentConfig(system_instruction="Be brief.", max_output_tokens=200, temperature=0, seed=1)


def gemini_plain():
    r = gc.models.generate_content(model="orion-medium", contents="Say something.", config=config)
    return bool(r.text) and r.usage_metadata.candidates_token_count > 0, r


def gemini_stream():
    chunks = list(gc.models.generate_content_stream(model="orion-medium", contents="Say something.", config=config))
    text = "".join(c.text or "" for c in chunks)
    return bool(text) and chunks[-1].usage_metadata.candidates_token_count > 0, chunks[-1]


check("gemini plain", gemini_plain)
check("gemini stream", gemini_stream)
check("gemini 429 -> ClientError 429", lambda: raises(lambda: gc.models.generate_content(model="limited", contents="x"), lambda e: isinstance(e, gerrors.ClientError) and e.code == 429))

import cohere

cc = cohere.ClientV2(api_key="co-sim", base_url=BASE)


def cohere_plain():
    r = cc.chat(model="pico-nano", messages=msgs, max_tokens=200)
    return bool(r.message.content[0].text) and r.finish_reason == "COMPLETE" and r.usage.billed_units.output_tokens > 0, r


def cohere_stream():
    text, end = "", None
    for event in cc.chat_stream(model="pico-nano", messages=msgs, max_tokens=3):
        if event.type == "content-delta":
            text += event.delta.message.content.text
        if event.type == "message-end":
            end = event
    return bool(text) and end is not None and end.delta.finish_reason == "MAX_TOKENS", (text, end)


check("cohere plain", cohere_plain)
check("cohere stream (MAX_TOKENS)", cohere_stream)
check("cohere 429 -> TooManyRequestsError", lambda: raises(lambda: cc.chat(model="limited", messages=msgs), lambda e: type(e).__name__ == "TooManyRequestsError"))

import ollama

olc = ollama.Client(host=BASE)


def ollama_plain():
    r = olc.chat(model="tiny-local", messages=msgs, options={"num_predict": 200})
    return bool(r.message.content) and r.done and r.eval_count > 0, r


def ollama_stream():
    parts = list(olc.chat(model="tiny-local", messages=msgs, stream=True, options={"num_predict": 3}))
    return bool("".join(p.message.content for p in parts)) and parts[-1].done and parts[-1].done_reason == "length", parts[-1]


check("ollama plain", ollama_plain)
check("ollama stream (length)", ollama_stream)
check("ollama 429 -> ResponseError", lambda: raises(lambda: olc.chat(model="limited", messages=msgs), lambda e: isinstance(e, ollama.ResponseError) and e.status_code == 429))

# Tool calls: the fleet answers "Where is my order LH-10001?" by calling lookup_order, then, given its result, in
# text. Each SDK must parse the call, plain and streamed, and carry the result back in its own shape.
import json

Q = "Where is my order LH-10001?"
SCHEMA = {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}
RESULT = {"order_id": "LH-10001", "status": "delivered"}
fn_tools = [{"type": "function", "function": {"name": "lookup_order", "description": "Looks an order up.", "parameters": SCHEMA}}]
tmsgs = [{"role": "user", "content": Q}]


def args(a):
    return a if isinstance(a, dict) else json.loads(a)


def openai_tools():
    r = oc.chat.completions.create(model="swift-mini", messages=tmsgs, tools=fn_tools, max_completion_tokens=200)
    call = r.choices[0].message.tool_calls[0]
    ok = call.function.name == "lookup_order" and args(call.function.arguments)["order_id"] == "LH-10001" and r.choices[0].finish_reason == "tool_calls"
    follow = tmsgs + [r.choices[0].message.model_dump(exclude_none=True), {"role": "tool", "tool_call_id": call.id, "content": json.dumps(RESULT)}]
    r2 = oc.chat.completions.create(model="swift-mini", messages=follow, tools=fn_tools, max_completion_tokens=200)
    return ok and bool(r2.choices[0].message.content) and not r2.choices[0].message.tool_calls, (r, r2)


def openai_tools_stream():
    name, arguments, finish = "", "", None
    for chunk in oc.chat.completions.create(model="swift-mini", messages=tmsgs, tools=fn_tools, stream=True):
        if chunk.choices:
            for d in chunk.choices[0].delta.tool_calls or []:
                name += d.function.name or ""
                arguments += d.function.arguments or ""
            finish = chunk.choices[0].finish_reason or finish
    return name == "lookup_order" and args(arguments)["order_id"] == "LH-10001" and finish == "tool_calls", (name, arguments, finish)


check("openai tool call + result", openai_tools)
check("openai tool call streamed", openai_tools_stream)


def hf_tools():
    r = hc.chat_completion(messages=tmsgs, model="lumen-hf", tools=fn_tools, max_tokens=200)
    call = r.choices[0].message.tool_calls[0]
    return call.function.name == "lookup_order" and args(call.function.arguments)["order_id"] == "LH-10001", r


check("huggingface tool call", hf_tools)

a_tools = [{"name": "lookup_order", "description": "Looks an order up.", "input_schema": SCHEMA}]


def anthropic_tools():
    r = ac.messages.create(model="atlas-large", max_tokens=200, tools=a_tools, messages=tmsgs)
    use = [b for b in r.content if b.type == "tool_use"][0]
    ok = use.name == "lookup_order" and use.input["order_id"] == "LH-10001" and r.stop_reason == "tool_use"
    follow = tmsgs + [{"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in r.content]},
                      {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": json.dumps(RESULT)}]}]
    r2 = ac.messages.create(model="atlas-large", max_tokens=200, tools=a_tools, messages=follow)
    return ok and r2.stop_reason == "end_turn" and any(b.type == "text" and b.text for b in r2.content), (r, r2)


def anthropic_tools_stream():
    with ac.messages.stream(model="atlas-large", max_tokens=200, tools=a_tools, messages=tmsgs) as s:
        final = s.get_final_message()
    use = [b for b in final.content if b.type == "tool_use"][0]
    return use.name == "lookup_order" and use.input == {"order_id": "LH-10001"} and final.stop_reason == "tool_use", final


check("anthropic tool call + result", anthropic_tools)
check("anthropic tool call streamed", anthropic_tools_stream)

g_config = types.GenerateContentConfig(
    max_output_tokens=200,
    tools=[types.Tool(function_declarations=[types.FunctionDeclaration(name="lookup_order", description="Looks an order up.", parameters_json_schema=SCHEMA)])],
    automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True))


def gemini_tools():
    r = gc.models.generate_content(model="orion-medium", contents=Q, config=g_config)
    call = r.function_calls[0]
    ok = call.name == "lookup_order" and call.args["order_id"] == "LH-10001"
    contents = [types.Content(role="user", parts=[types.Part(text=Q)]), r.candidates[0].content,
                types.Content(role="user", parts=[types.Part.from_function_response(name="lookup_order", response=RESULT)])]
    r2 = gc.models.generate_content(model="orion-medium", contents=contents, config=g_config)
    return ok and bool(r2.text) and not r2.function_calls, (r, r2)


def gemini_tools_stream():
    calls = [c for chunk in gc.models.generate_content_stream(model="orion-medium", contents=Q, config=g_config) for c in (chunk.function_calls or [])]
    return len(calls) == 1 and calls[0].name == "lookup_order" and calls[0].args == {"order_id": "LH-10001"}, calls


check("gemini function call + response", gemini_tools)
check("gemini function call streamed", gemini_tools_stream)


def cohere_tools():
    r = cc.chat(model="pico-nano", messages=tmsgs, tools=fn_tools, max_tokens=200)
    call = r.message.tool_calls[0]
    ok = call.function.name == "lookup_order" and args(call.function.arguments)["order_id"] == "LH-10001" and r.finish_reason == "TOOL_CALL"
    follow = tmsgs + [{"role": "assistant", "tool_plan": r.message.tool_plan, "tool_calls": [c.model_dump(exclude_none=True) for c in r.message.tool_calls]},
                      {"role": "tool", "tool_call_id": call.id, "content": json.dumps(RESULT)}]
    r2 = cc.chat(model="pico-nano", messages=follow, tools=fn_tools, max_tokens=200)
    return ok and r2.finish_reason == "COMPLETE" and bool(r2.message.content[0].text), (r, r2)


def cohere_tools_stream():
    name, arguments, end = "", "", None
    for event in cc.chat_stream(model="pico-nano", messages=tmsgs, tools=fn_tools, max_tokens=200):
        if event.type == "tool-call-start":
            name = event.delta.message.tool_calls.function.name
        if event.type == "tool-call-delta":
            arguments += event.delta.message.tool_calls.function.arguments
        if event.type == "message-end":
            end = event
    return name == "lookup_order" and args(arguments)["order_id"] == "LH-10001" and end.delta.finish_reason == "TOOL_CALL", (name, arguments, end)


check("cohere tool call + result", cohere_tools)
check("cohere tool call streamed", cohere_tools_stream)


def ollama_tools():
    r = olc.chat(model="tiny-local", messages=tmsgs, tools=fn_tools)
    call = r.message.tool_calls[0]
    ok = call.function.name == "lookup_order" and call.function.arguments["order_id"] == "LH-10001"
    follow = tmsgs + [r.message.model_dump(exclude_none=True), {"role": "tool", "content": json.dumps(RESULT), "tool_name": "lookup_order"}]
    r2 = olc.chat(model="tiny-local", messages=follow, tools=fn_tools)
    return ok and bool(r2.message.content) and not r2.message.tool_calls, (r, r2)


def ollama_tools_stream():
    calls = [c for part in olc.chat(model="tiny-local", messages=tmsgs, tools=fn_tools, stream=True) for c in (part.message.tool_calls or [])]
    return len(calls) == 1 and calls[0].function.name == "lookup_order" and calls[0].function.arguments == {"order_id": "LH-10001"}, calls


check("ollama tool call + result", ollama_tools)
check("ollama tool call streamed", ollama_tools_stream)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
