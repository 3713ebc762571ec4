from django.urls import path

from quicklooks.stories import feeds, sitemaps, views

app_name = "stories"

urlpatterns = [
    path("", views.home, name="home"),
    path("story/<slug:slug>/", views.story_detail, name="story"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("show/<slug:slug>/", views.show_editions, name="show"),
    path("show/<slug:slug>/<str:day>/", views.show_edition, name="show-edition"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    # Readers (issue #7): search, exports, feeds, sitemaps.
    path("search/", views.search, name="search"),
    path("story/<slug:slug>/export.<str:fmt>", views.story_export, name="story-export"),
    path("feeds/rss/", feeds.StoryFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.AtomStoryFeed(), name="feed-atom"),
    path("feeds/json/", feeds.json_feed, name="feed-json"),
    path("feeds/<str:kind>/<slug:slug>/rss/", feeds.StoryFeed(), name="feed-rss-for"),
    path("feeds/<str:kind>/<slug:slug>/atom/", feeds.AtomStoryFeed(), name="feed-atom-for"),
    path("feeds/<str:kind>/<slug:slug>/json/", feeds.json_feed, name="feed-json-for"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
