namespace Planner.Export.Xlsx;

/// <summary>
/// One cell: text (an inline string, never a formula), a number with a style, our own formula with its value
/// worked out (readers that do not calculate, GDAL among them, show the value), or a link (text shown, address
/// in the sheet's relationships).
/// </summary>
readonly record struct XlsxCell(string? Text, double? Number, uint Style, string? Formula = null, string? Link = null)
{
    public bool IsEmpty => Text is null && Number is null;

    public static XlsxCell Of(string text, uint style = 0) => new(text, null, style);

    public static XlsxCell Of(double value, uint style) => new(null, value, style);

    public static XlsxCell Computed(string formula, double value, uint style) => new(null, value, style, formula);

    public static XlsxCell Linked(string text, string address, uint style) => new(text, null, style, null, address);
}
