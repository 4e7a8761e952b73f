/// The bundled price table: a dated snapshot, in LiteLLM's model_prices_and_context_window.json format,
/// of the main models of each provider (shared/reference/providers.md §7, read from LiteLLM 1.110.2's copy).
/// Catalog prices and `--prices FILE` override it; re-read the source when prices change.
extension PriceTable {
    public static let bundledDate = "2026-11 (LiteLLM 1.110.2 price file)"

    static let bundledJSON = #"""
{
 "c4ai-aya-expanse-32b": {
  "input_cost_per_token": 5e-07,
  "litellm_provider": "cohere_chat",
  "mode": "chat",
  "output_cost_per_token": 1.5e-06
 },
 "claude-fable-5-1": {
  "cache_creation_input_token_cost": 1.25e-05,
  "cache_read_input_token_cost": 2.5e-07,
  "input_cost_per_token": 1e-05,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 5e-05
 },
 "claude-haiku-4-5": {
  "cache_creation_input_token_cost": 1.25e-06,
  "cache_read_input_token_cost": 1.0000000000000001e-07,
  "input_cost_per_token": 1e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 5e-06
 },
 "claude-haiku-5-5": {
  "cache_creation_input_token_cost": 1.25e-07,
  "cache_read_input_token_cost": 1e-08,
  "input_cost_per_token": 1.0000000000000001e-07,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 5e-07
 },
 "claude-mythos-5-1": {
  "cache_creation_input_token_cost": 1.25e-05,
  "cache_read_input_token_cost": 2.5e-07,
  "input_cost_per_token": 1e-05,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 5e-05
 },
 "claude-opus-4-6": {
  "cache_creation_input_token_cost": 6.25e-06,
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 5e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 2.5e-05
 },
 "claude-opus-4-7": {
  "cache_creation_input_token_cost": 6.25e-06,
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 5e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 2.5e-05
 },
 "claude-opus-4-8": {
  "cache_creation_input_token_cost": 6.25e-06,
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 5e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 2.5e-05
 },
 "claude-opus-5": {
  "cache_creation_input_token_cost": 6.25e-06,
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 5e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 2.5e-05
 },
 "claude-opus-5-5": {
  "cache_creation_input_token_cost": 5e-06,
  "cache_read_input_token_cost": 2.0000000000000002e-07,
  "input_cost_per_token": 4e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 2e-05
 },
 "claude-sonnet-4-5": {
  "cache_creation_input_token_cost": 3.75e-06,
  "cache_read_input_token_cost": 3e-07,
  "input_cost_per_token": 3e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 1.5e-05
 },
 "claude-sonnet-4-6": {
  "cache_creation_input_token_cost": 3.75e-06,
  "cache_read_input_token_cost": 3e-07,
  "input_cost_per_token": 3e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 1.5e-05
 },
 "claude-sonnet-5": {
  "cache_creation_input_token_cost": 2.5e-06,
  "cache_read_input_token_cost": 2.0000000000000002e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "claude-sonnet-5-5": {
  "cache_creation_input_token_cost": 2.5e-06,
  "cache_read_input_token_cost": 1.0000000000000001e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "anthropic",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "command-a-03-2025": {
  "input_cost_per_token": 2.5e-06,
  "litellm_provider": "cohere_chat",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "command-r-08-2024": {
  "input_cost_per_token": 1.5e-07,
  "litellm_provider": "cohere_chat",
  "mode": "chat",
  "output_cost_per_token": 6e-07
 },
 "command-r-plus-08-2024": {
  "input_cost_per_token": 2.5e-06,
  "litellm_provider": "cohere_chat",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "command-r7b-12-2024": {
  "input_cost_per_token": 3.75e-08,
  "litellm_provider": "cohere_chat",
  "mode": "chat",
  "output_cost_per_token": 1.5e-07
 },
 "gemini/gemini-2.5-flash": {
  "cache_read_input_token_cost": 3e-08,
  "input_cost_per_token": 3e-07,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 2.5e-06
 },
 "gemini/gemini-2.5-flash-lite": {
  "cache_read_input_token_cost": 1e-08,
  "input_cost_per_token": 1.0000000000000001e-07,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 4.0000000000000003e-07
 },
 "gemini/gemini-2.5-pro": {
  "cache_read_input_token_cost": 1.25e-07,
  "input_cost_per_token": 1.25e-06,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "gemini/gemini-3-flash-preview": {
  "cache_read_input_token_cost": 5.0000000000000004e-08,
  "input_cost_per_token": 5e-07,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 3e-06
 },
 "gemini/gemini-3.1-flash-lite": {
  "cache_read_input_token_cost": 2.5000000000000002e-08,
  "input_cost_per_token": 2.5e-07,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 1.5e-06
 },
 "gemini/gemini-3.1-pro-preview": {
  "cache_read_input_token_cost": 2.0000000000000002e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 1.2e-05
 },
 "gemini/gemini-3.5-flash": {
  "cache_read_input_token_cost": 1.5e-07,
  "input_cost_per_token": 1.5e-06,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 9e-06
 },
 "gemini/gemini-3.5-flash-lite": {
  "cache_read_input_token_cost": 3e-08,
  "input_cost_per_token": 3e-07,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 2.5e-06
 },
 "gemini/gemini-3.8-flash": {
  "cache_read_input_token_cost": 7.5e-08,
  "input_cost_per_token": 7.5e-07,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 3.75e-06
 },
 "gemini/gemini-4-argon": {
  "cache_read_input_token_cost": 1.0000000000000001e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "gemini/gemini-4-hydrogen": {
  "cache_read_input_token_cost": 7.5e-08,
  "input_cost_per_token": 1.5e-06,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 7.5e-06
 },
 "gemini/gemini-pro-latest": {
  "cache_read_input_token_cost": 2.0000000000000002e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "gemini",
  "mode": "chat",
  "output_cost_per_token": 1.2e-05
 },
 "gpt-4.1": {
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 8e-06
 },
 "gpt-4.1-mini": {
  "cache_read_input_token_cost": 1.0000000000000001e-07,
  "input_cost_per_token": 4.0000000000000003e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1.6000000000000001e-06
 },
 "gpt-4o": {
  "cache_read_input_token_cost": 1.25e-06,
  "input_cost_per_token": 2.5e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "gpt-4o-mini": {
  "cache_read_input_token_cost": 7.5e-08,
  "input_cost_per_token": 1.5e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 6e-07
 },
 "gpt-5": {
  "cache_read_input_token_cost": 1.25e-07,
  "input_cost_per_token": 1.25e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "gpt-5-mini": {
  "cache_read_input_token_cost": 2.5000000000000002e-08,
  "input_cost_per_token": 2.5e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 2e-06
 },
 "gpt-5-nano": {
  "cache_read_input_token_cost": 5e-09,
  "input_cost_per_token": 5.0000000000000004e-08,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 4.0000000000000003e-07
 },
 "gpt-5.2": {
  "cache_read_input_token_cost": 1.75e-07,
  "input_cost_per_token": 1.75e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1.4e-05
 },
 "gpt-5.4": {
  "cache_read_input_token_cost": 2.5e-07,
  "input_cost_per_token": 2.5e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1.5e-05
 },
 "gpt-5.4-mini": {
  "cache_read_input_token_cost": 7.5e-08,
  "input_cost_per_token": 7.5e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 4.5e-06
 },
 "gpt-5.4-nano": {
  "cache_read_input_token_cost": 2e-08,
  "input_cost_per_token": 2.0000000000000002e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1.25e-06
 },
 "gpt-5.5": {
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 5e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 3e-05
 },
 "gpt-5.6": {
  "cache_creation_input_token_cost": 5e-06,
  "cache_read_input_token_cost": 4.0000000000000003e-07,
  "input_cost_per_token": 4e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 2e-05
 },
 "gpt-5.6-luna": {
  "cache_creation_input_token_cost": 2.5e-07,
  "cache_read_input_token_cost": 2e-08,
  "input_cost_per_token": 2.0000000000000002e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1.2e-06
 },
 "gpt-6-astra": {
  "cache_creation_input_token_cost": 1.25e-05,
  "cache_read_input_token_cost": 1e-06,
  "input_cost_per_token": 1e-05,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 5e-05
 },
 "gpt-6-luna": {
  "cache_creation_input_token_cost": 1.25e-07,
  "cache_read_input_token_cost": 1e-08,
  "input_cost_per_token": 1.0000000000000001e-07,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 5e-07
 },
 "gpt-6-sol": {
  "cache_creation_input_token_cost": 2.5e-06,
  "cache_read_input_token_cost": 2.0000000000000002e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "gpt-6.1-sol": {
  "cache_creation_input_token_cost": 2.5e-06,
  "cache_read_input_token_cost": 1.0000000000000001e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 1e-05
 },
 "gpt-6.1-terra": {
  "cache_creation_input_token_cost": 1.25e-06,
  "cache_read_input_token_cost": 5.0000000000000004e-08,
  "input_cost_per_token": 1e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 5e-06
 },
 "o3": {
  "cache_read_input_token_cost": 5e-07,
  "input_cost_per_token": 2e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 8e-06
 },
 "o4-mini": {
  "cache_read_input_token_cost": 2.75e-07,
  "input_cost_per_token": 1.1e-06,
  "litellm_provider": "openai",
  "mode": "chat",
  "output_cost_per_token": 4.4e-06
 }
}
"""#
}
