using Planner.Sites;

namespace Planner.Web.Localization;

/// <summary>
/// The interface's words in Simplified Chinese (default) and English. The language is the
/// <c>planner-lang</c> cookie, switched by /lang.
/// </summary>
public sealed class UiText(string language)
{
    public const string Cookie = "planner-lang";

    public string Language { get; } = language == "en" ? "en" : "zh";
    public bool English => Language == "en";
    public string HtmlLang => English ? "en" : "zh-CN";

    public static UiText For(HttpContext http) => new(http.Request.Cookies[Cookie] ?? "zh");

    public string this[string key] => (English ? En : Zh).TryGetValue(key, out var text) ? text : key;

    public string Programme(Programme p) => English ? p switch
    {
        Sites.Programme.Road => "Road renovation",
        Sites.Programme.Compound => "Old compound renovation",
        Sites.Programme.Fringe => "Urban–rural fringe renovation",
        _ => p.ToString(),
    } : p.ChineseName();

    public string Status(SiteStatus s) => English ? s switch
    {
        SiteStatus.Planning => "Planning",
        SiteStatus.Approved => "Approved",
        SiteStatus.Design => "Design",
        SiteStatus.Tender => "Tender",
        SiteStatus.Construction => "Under construction",
        SiteStatus.Completed => "Completed",
        SiteStatus.Accepted => "Accepted",
        SiteStatus.Suspended => "Suspended",
        _ => s.ToString(),
    } : s.ChineseName();

    public string WorksClass(WorksClass c) => English ? c switch
    {
        Sites.WorksClass.Basic => "Basic",
        Sites.WorksClass.Improvement => "Improvement",
        Sites.WorksClass.Enhancement => "Enhancement",
        _ => c.ToString(),
    } : c.ChineseName();

    static readonly Dictionary<string, string> Zh = new()
    {
        ["app"] = "三项工程、一项管理",
        ["district"] = "管城回族区",
        ["signIn"] = "登录",
        ["signOut"] = "退出",
        ["userName"] = "用户名",
        ["password"] = "密码",
        ["signInFailed"] = "用户名或密码错误，或账号已锁定。",
        ["map"] = "地图",
        ["overview"] = "项目总览",
        ["filters"] = "筛选",
        ["programme"] = "工程类别",
        ["township"] = "乡/街道",
        ["status"] = "状态",
        ["all"] = "全部",
        ["overdueOnly"] = "仅看逾期",
        ["pilot"] = "试点",
        ["showcase"] = "示范点",
        ["search"] = "名称或编号",
        ["theme"] = "专题",
        ["theme.status"] = "按状态",
        ["theme.progress"] = "按进度",
        ["theme.programme"] = "按工程类别",
        ["layers"] = "图层",
        ["layer.townships"] = "乡/街道边界",
        ["legend"] = "图例",
        ["overdue"] = "逾期",
        ["sites"] = "项目",
        ["list"] = "项目列表",
        ["code"] = "编号",
        ["name"] = "名称",
        ["progress"] = "进度",
        ["area"] = "面积",
        ["length"] = "长度",
        ["plannedStart"] = "计划开工",
        ["plannedEnd"] = "计划完工",
        ["actualStart"] = "实际开工",
        ["actualEnd"] = "实际完工",
        ["responsibleUnit"] = "责任单位",
        ["responsiblePerson"] = "责任人",
        ["leadOfficial"] = "包联领导",
        ["budget"] = "投资（万元）",
        ["community"] = "社区/村",
        ["timeline"] = "进度记录",
        ["tasks"] = "整改台账",
        ["deadline"] = "整改时限",
        ["done"] = "已完成",
        ["open"] = "未完成",
        ["buildYear"] = "建成年代",
        ["households"] = "户数",
        ["buildings"] = "楼栋数",
        ["worksClass"] = "改造类别",
        ["propertyManagement"] = "物业",
        ["roadName"] = "道路名称",
        ["fromTo"] = "起止",
        ["width"] = "路宽",
        ["grade"] = "等级",
        ["villages"] = "涉及村",
        ["relocate"] = "拆迁户数",
        ["illegalArea"] = "违建面积",
        ["districtSummary"] = "全区缩放时显示各乡/街道完成率；放大后显示项目。",
        ["percentDone"] = "完成率",
        ["basemap.none"] = "无底图",
        ["noSites"] = "没有符合条件的项目",
        ["language"] = "English",
        ["yes"] = "有",
        ["no"] = "无",
    };

    static readonly Dictionary<string, string> En = new()
    {
        ["app"] = "Three Projects, One Management",
        ["district"] = "Guancheng Hui District",
        ["signIn"] = "Sign in",
        ["signOut"] = "Sign out",
        ["userName"] = "User name",
        ["password"] = "Password",
        ["signInFailed"] = "Wrong user name or password, or the account is locked.",
        ["map"] = "Map",
        ["overview"] = "Overview",
        ["filters"] = "Filters",
        ["programme"] = "Programme",
        ["township"] = "Township",
        ["status"] = "Status",
        ["all"] = "All",
        ["overdueOnly"] = "Overdue only",
        ["pilot"] = "Pilot",
        ["showcase"] = "Showcase",
        ["search"] = "Name or code",
        ["theme"] = "Theme",
        ["theme.status"] = "By status",
        ["theme.progress"] = "By progress",
        ["theme.programme"] = "By programme",
        ["layers"] = "Layers",
        ["layer.townships"] = "Township boundaries",
        ["legend"] = "Legend",
        ["overdue"] = "Overdue",
        ["sites"] = "Sites",
        ["list"] = "Sites",
        ["code"] = "Code",
        ["name"] = "Name",
        ["progress"] = "Progress",
        ["area"] = "Area",
        ["length"] = "Length",
        ["plannedStart"] = "Planned start",
        ["plannedEnd"] = "Planned end",
        ["actualStart"] = "Actual start",
        ["actualEnd"] = "Actual end",
        ["responsibleUnit"] = "Responsible unit",
        ["responsiblePerson"] = "Responsible person",
        ["leadOfficial"] = "Lead official",
        ["budget"] = "Budget (10k CNY)",
        ["community"] = "Community / village",
        ["timeline"] = "Progress records",
        ["tasks"] = "Rectification ledger",
        ["deadline"] = "Deadline",
        ["done"] = "Done",
        ["open"] = "Open",
        ["buildYear"] = "Built",
        ["households"] = "Households",
        ["buildings"] = "Buildings",
        ["worksClass"] = "Works class",
        ["propertyManagement"] = "Property management",
        ["roadName"] = "Road",
        ["fromTo"] = "From – to",
        ["width"] = "Width",
        ["grade"] = "Grade",
        ["villages"] = "Villages",
        ["relocate"] = "Households to relocate",
        ["illegalArea"] = "Illegal structures",
        ["districtSummary"] = "At district zoom: % completed per township; zoom in for the sites.",
        ["percentDone"] = "Completed",
        ["basemap.none"] = "No basemap",
        ["noSites"] = "No site matches",
        ["language"] = "中文",
        ["yes"] = "Yes",
        ["no"] = "No",
    };
}
