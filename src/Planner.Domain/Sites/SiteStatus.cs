namespace Planner.Sites;

/// <summary>A site's place in the works workflow, in order.</summary>
public enum SiteStatus
{
    Planning = 0,     // 谋划
    Approved = 1,     // 立项
    Design = 2,       // 设计
    Tender = 3,       // 招标
    Construction = 4, // 施工
    Completed = 5,    // 完工
    Accepted = 6,     // 验收
    Suspended = 9,    // 暂停
}
