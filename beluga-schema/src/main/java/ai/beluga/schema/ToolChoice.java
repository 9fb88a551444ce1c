package ai.beluga.schema;

import java.util.Objects;

/**
 * Whether and which tool the model must call.
 *
 * <pre>{@code
 * ToolChoice.auto();              // the model decides (the default when tools are given)
 * ToolChoice.none();              // no tool calls
 * ToolChoice.required();          // at least one tool call
 * ToolChoice.tool("get_weather"); // exactly this tool
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface ToolChoice {

  /**
   * {@return the model decides whether to call a tool}
   *
   * @since 0.1.0
   */
  static Auto auto() {
    return Auto.INSTANCE;
  }

  /**
   * {@return the model must not call a tool}
   *
   * @since 0.1.0
   */
  static None none() {
    return None.INSTANCE;
  }

  /**
   * {@return the model must call at least one tool}
   *
   * @since 0.1.0
   */
  static Required required() {
    return Required.INSTANCE;
  }

  /**
   * Forces a call of one named tool.
   *
   * @param name the tool's name
   * @return the choice
   * @since 0.1.0
   */
  static Named tool(String name) {
    return new Named(name);
  }

  /**
   * The model decides.
   *
   * @since 0.1.0
   */
  record Auto() implements ToolChoice {
    private static final Auto INSTANCE = new Auto();
  }

  /**
   * No tool calls.
   *
   * @since 0.1.0
   */
  record None() implements ToolChoice {
    private static final None INSTANCE = new None();
  }

  /**
   * At least one tool call.
   *
   * @since 0.1.0
   */
  record Required() implements ToolChoice {
    private static final Required INSTANCE = new Required();
  }

  /**
   * A call of this tool.
   *
   * @param name the tool's name
   * @since 0.1.0
   */
  record Named(String name) implements ToolChoice {
    /**
     * Checks the name is present.
     *
     * @param name the tool's name
     */
    public Named {
      Objects.requireNonNull(name, "name");
    }
  }
}
