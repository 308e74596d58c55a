using Fluid;
using Fluid.Ast;
using Fluid.Parser;
using Fluid.Values;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Walks a parsed template in source order and reports every name that is not in the documented
/// model, with the line it is on. Scoping follows Liquid: a for-loop variable (and forloop)
/// exists inside its loop; assign, capture and increment create names from that point onwards.
/// </summary>
internal sealed class TemplateVariableWalker
{
    private readonly TemplateSourceMap map;
    private readonly Func<string, bool> filterExists;
    private readonly Dictionary<string, VariableShape> globals = new(StringComparer.Ordinal);
    private readonly Stack<Dictionary<string, VariableShape>> loops = new();
    private readonly List<TemplateIssue> errors = [];
    private int lastLine = 1;

    private TemplateVariableWalker(string text, MessageKind kind, Func<string, bool> filterExists)
    {
        map = new TemplateSourceMap(text);
        this.filterExists = filterExists;
        foreach (var root in TemplateSchema.RootsFor(kind))
            globals[root.Name] = root.Shape;
    }

    public static IReadOnlyList<TemplateIssue> Check(IFluidTemplate template, string text, MessageKind kind, Func<string, bool> filterExists)
    {
        var walker = new TemplateVariableWalker(text, kind, filterExists);
        if (template is FluidTemplate fluid)
            walker.Statements(fluid.Statements);
        return walker.errors;
    }

    private void Statements(IReadOnlyList<Statement> statements)
    {
        foreach (var statement in statements)
            Statement(statement);
    }

    private void Statement(Statement statement)
    {
        switch (statement)
        {
            case OutputStatement output:
                Output(output.Expression);
                break;
            case AssignStatement assign:
                globals[assign.Identifier] = assign.Value is MemberExpression ? Expression(assign.Value) : Typeless(assign.Value);
                break;
            case CaptureStatement capture:
                Statements(capture.Statements);
                globals[capture.Identifier] = VariableShape.Scalar;
                break;
            case IncrementStatement increment:
                globals[increment.Identifier] = VariableShape.Scalar;
                break;
            case DecrementStatement decrement:
                globals[decrement.Identifier] = VariableShape.Scalar;
                break;
            case IfStatement conditional:
                Expression(conditional.Condition);
                Statements(conditional.Statements);
                foreach (var elseIf in conditional.ElseIfs)
                {
                    Expression(elseIf.Condition);
                    Statements(elseIf.Statements);
                }

                Else(conditional.Else);
                break;
            case UnlessStatement unless:
                Expression(unless.Condition);
                Statements(unless.Statements);
                Else(unless.Else);
                break;
            case CaseStatement choice:
                Expression(choice.Expression);
                foreach (var when in choice.Whens)
                {
                    foreach (var option in when.Options)
                        Expression(option);
                    Statements(when.Statements);
                }

                Else(choice.Else);
                break;
            case ForStatement loop:
                Loop(loop.Identifier, loop.Source ?? loop.Range, [loop.Limit, loop.Offset], "forloop", TemplateSchema.ForLoop, loop.Statements);
                Else(loop.Else);
                break;
            case TableRowStatement table:
                Loop(table.Identifier, table.Source, [table.Limit, table.Offset, table.Cols], "tablerowloop", VariableShape.Any, table.Statements);
                break;
            case CycleStatement cycle:
                Expression(cycle.Group);
                foreach (var value in cycle.Values)
                    Expression(value);
                break;
            case IncludeStatement or RenderStatement or MacroStatement or FromStatement:
                Error(Locate(TagOf(statement)), $"The '{TagOf(statement)}' tag is not available in notification templates.");
                break;
            case TagStatement block:
                // liquid, ifchanged and any other container: same scope, same rules.
                Statements(block.Statements);
                break;
        }
    }

    private void Else(ElseStatement? otherwise)
    {
        if (otherwise is not null)
            Statements(otherwise.Statements);
    }

    private void Loop(string identifier, Expression? source, Expression?[] arguments, string loopName, VariableShape loopShape,
        IReadOnlyList<Statement> body)
    {
        var sourceShape = source is RangeExpression ? VariableShape.Scalar : Expression(source);
        foreach (var argument in arguments)
            Expression(argument);

        var item = sourceShape switch
        {
            ListShape list => list.Element,
            ObjectShape => VariableShape.Any,
            var other => other,
        };
        loops.Push(new Dictionary<string, VariableShape>(StringComparer.Ordinal) { [identifier] = item, [loopName] = loopShape });
        Statements(body);
        loops.Pop();
    }

    private void Output(Expression expression)
    {
        var shape = Expression(expression);
        if (expression is not MemberExpression member || member.Segments.Count == 0)
            return;
        var path = string.Join('.', member.Segments.Select(s => s is IdentifierSegment id ? id.Identifier : "[]"));
        if (shape is ObjectShape { Members.Count: > 0 } obj)
            Error(null, $"'{path}' is an object; output one of its members, such as '{path}.{obj.Members[0].Name}'.");
        else if (shape is ListShape)
            Error(null, $"'{path}' is a list; loop over it with {{% for item in {path} %}}.");
    }

    /// <summary>Visits an expression for its names; its shape is unknown (filters can return anything).</summary>
    private VariableShape Typeless(Expression? expression)
    {
        Expression(expression);
        return expression is LiteralExpression ? VariableShape.Scalar : VariableShape.Any;
    }

    private VariableShape Expression(Expression? expression)
    {
        switch (expression)
        {
            case MemberExpression member:
                return Member(member);
            case FilterExpression filter:
                Expression(filter.Input);
                var line = Locate(filter.Name);
                if (!filterExists(filter.Name))
                    Error(line, $"Unknown filter '{filter.Name}'.");
                foreach (var parameter in filter.Parameters)
                    Expression(parameter.Expression);
                return VariableShape.Any;
            case BinaryExpression binary:
                Expression(binary.Left);
                Expression(binary.Right);
                return VariableShape.Scalar;
            case RangeExpression range:
                Expression(range.From);
                Expression(range.To);
                return VariableShape.Any;
            case LiteralExpression:
                return VariableShape.Scalar;
            default:
                return VariableShape.Any;
        }
    }

    private VariableShape Member(MemberExpression member)
    {
        if (member.Segments.Count == 0 || member.Segments[0] is not IdentifierSegment root)
            return VariableShape.Any;

        var line = Locate(root.Identifier);
        if (!TryLookup(root.Identifier, out var shape))
        {
            Error(line, $"Unknown variable '{root.Identifier}'.{Suggest(root.Identifier, KnownNames())}");
            return VariableShape.Any;
        }

        var path = root.Identifier;
        foreach (var segment in member.Segments.Skip(1))
        {
            string? name;
            switch (segment)
            {
                case IdentifierSegment identifier:
                    name = identifier.Identifier;
                    break;
                case IndexerSegment indexer:
                    Expression(indexer.Expression);
                    name = indexer.Expression is LiteralExpression { Value: StringValue text } ? text.ToStringValue() : null;
                    break;
                default:
                    Error(line, $"'{path}' cannot be called; functions are not available in notification templates.");
                    return VariableShape.Any;
            }

            var next = MemberOf(shape, name);
            if (next is null)
            {
                var candidates = shape is ObjectShape obj ? obj.Members.Select(m => m.Name) : ["size", "first", "last"];
                var shown = name is null ? $"{path}[...]" : $"{path}.{name}";
                Error(line, $"Unknown variable '{shown}'.{Suggest(name ?? "", candidates.Select(c => $"{path}.{c}"), path + ".")}");
                return VariableShape.Any;
            }

            shape = next;
            path = name is null ? path + "[]" : $"{path}.{name}";
        }

        return shape;
    }

    /// <summary>The shape of <c>shape.name</c> (name null: a computed index), or null when it does not exist.</summary>
    private static VariableShape? MemberOf(VariableShape shape, string? name) => shape switch
    {
        ObjectShape obj => name is null ? null : obj.Member(name)?.Shape,
        ListShape list => name switch
        {
            null or "first" or "last" => list.Element,
            "size" => VariableShape.Scalar,
            _ => null,
        },
        _ when shape == VariableShape.Scalar => name is "size" or "first" or "last" ? VariableShape.Scalar : null,
        _ => VariableShape.Any,
    };

    private bool TryLookup(string name, out VariableShape shape)
    {
        foreach (var scope in loops)
        {
            if (scope.TryGetValue(name, out shape!))
                return true;
        }

        return globals.TryGetValue(name, out shape!);
    }

    private IEnumerable<string> KnownNames() => loops.SelectMany(scope => scope.Keys).Concat(globals.Keys);

    private static string Suggest(string typed, IEnumerable<string> candidates, string prefix = "")
    {
        var best = candidates
            .Select(c => (Name: c, Distance: EditDistance.Between(typed, c[prefix.Length..])))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $" Did you mean '{best.Name}'?";
    }

    private int Locate(string name) => lastLine = map.NextLineOf(name);

    /// <summary>Without a line of its own, an error is on the line of the name visited last.</summary>
    private void Error(int? line, string message) => errors.Add(new TemplateIssue(line ?? lastLine, message));

    private static string TagOf(Statement statement) => statement switch
    {
        IncludeStatement => "include",
        RenderStatement => "render",
        MacroStatement => "macro",
        _ => "from",
    };
}
