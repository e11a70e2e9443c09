def test_home_page_is_served(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert home_page.title in response.content.decode()
